import { App as AntApp, Select, Spin, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';

interface Found {
  id: number;
  name: string;
  aliases: string[];
  status: string;
}

interface Props {
  /** the plan's division: the registry is searched within its subtree */
  divisionCode: string | null;
  onPick(unit: { id: number; name: string }): void;
  /** unit ids not to offer (the unit being merged) */
  exclude?: number[];
  id?: string;
  testId?: string;
}

const CREATE = -1;

/**
 * Picks a unit from the registry by name or alias within the plan's division; creating a new unit
 * is offered last, only for a typed name no unit carries, so the registry is not filled with twins.
 */
export function PlanUnitPicker({ divisionCode, onPick, exclude = [], id, testId }: Props) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const search = (text: string) => {
    setQ(text);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      setLoading(true);
      try {
        const res = await api.get<{ items: Found[] }>('/api/units', { q: text.trim() || undefined, division: divisionCode ?? undefined, status: 'active,proposed', pageSize: 30 });
        if (mine === seq.current) setFound(res.items ?? []);
      } catch {
        if (mine === seq.current) setFound([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 200);
  };

  useEffect(() => {
    search('');
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [divisionCode]);

  const typed = q.trim();
  const taken = found.some((u) => u.name === typed || u.aliases.includes(typed));
  const options = [
    ...found
      .filter((u) => !exclude.includes(u.id))
      .map((u) => ({
        value: u.id,
        label: (
          <span data-testid="unit-option">
            {u.name}
            {u.aliases.length > 0 && <span style={{ color: '#999' }}>（{u.aliases.slice(0, 3).join('、')}）</span>}
            {u.status === 'proposed' && <Tag color="orange" style={{ marginInlineStart: 6 }}>{t('review.picker.proposed')}</Tag>}
          </span>
        ),
      })),
    ...(typed && !taken && divisionCode ? [{ value: CREATE, label: <span data-testid="unit-create">{t('review.picker.create', { name: typed })}</span> }] : []),
  ];

  const pick = async (value: number) => {
    if (value !== CREATE) {
      const u = found.find((x) => x.id === value);
      if (u) onPick({ id: u.id, name: u.name });
      return;
    }
    try {
      const created = await api.post<{ id: number; name: string }>('/api/units', { name: typed, divisionCode, kind: 'department', aliases: [] });
      message.success(t('review.picker.created', { name: created.name }));
      onPick({ id: created.id, name: created.name });
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  return (
    <Select<number>
      id={id}
      data-testid={testId}
      style={{ minWidth: 260 }}
      showSearch={{ filterOption: false, onSearch: search }}
      value={null as unknown as number}
      onChange={(v) => void pick(v)}
      options={options}
      placeholder={t('review.picker.placeholder')}
      notFoundContent={loading ? <Spin size="small" /> : t('common.empty')}
    />
  );
}
