import { Tag } from 'antd';
import { LIGHT_COLORS, STATUS_COLORS } from '../../charts/colors.ts';
import type { Light, TargetStatus } from '../../charts/types.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

export function TargetStatusTag({ status }: { status: TargetStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="target-status" style={status === 'no_data' ? { color: '#595959' } : undefined}>
      {t(`dash.status.${status}` as MessageKey)}
    </Tag>
  );
}

export function LightTag({ light, label }: { light: Light; label?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={LIGHT_COLORS[light]} style={light === 'yellow' ? { color: '#614700' } : undefined} data-testid="light">
      {label ?? t(`dash.light.${light}` as MessageKey)}
    </Tag>
  );
}
