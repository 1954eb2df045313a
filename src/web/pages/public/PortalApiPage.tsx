import { Card, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';

const EXAMPLES = [
  ['GET /api/public/plans?limit=20', '已公开的方案（分页） / published plans (paged)'],
  ['GET /api/public/plans/{id}', '一个方案 / one plan'],
  ['GET /api/public/plans/{id}/targets?period=2015Q4', '方案目标：基期、最新值、目标、状态、走势 / targets with status and series'],
  ['GET /api/public/plans/{id}/targets?format=csv', '下载为 CSV / download as CSV'],
  ['GET /api/public/indicators', '已公开的指标 / published indicators'],
  ['GET /api/public/indicators/{code}/values?parent=63&period=2015', '某指标各下级地区的数值 / values of the children of a division'],
  ['GET /api/public/indicators/{code}/values?division=63&from=2014Q1&to=2015Q4&type=Q', '一个地区的季度序列 / a quarterly series'],
  ['GET /api/public/indexes/{code}', '发展指数与编制方法 / the index and its method'],
  ['GET /api/public/indexes/{code}/values?parent=63&format=xlsx', '各地区指数得分（Excel） / scores by division as Excel'],
];

/** /open/api — how to use the open-data API. */
export default function PortalApiPage() {
  const { t } = useI18n();
  const docs = '/api/docs';
  const [before, after] = t('portal.api.intro', { docs: '\u0000' }).split('\u0000');
  return (
    <div>
      <Typography.Title level={2}>{t('portal.api.title')}</Typography.Title>
      <Typography.Paragraph>
        {before}
        <a href={docs} data-testid="portal-api-docs">
          {docs}
        </a>
        {after}
      </Typography.Paragraph>
      <ul>
        <li>{t('portal.api.paging')}</li>
        <li>{t('portal.api.caching')}</li>
        <li>{t('portal.api.formats')}</li>
        <li>{t('portal.api.notFound')}</li>
      </ul>
      <Card title={t('portal.api.examples')} size="small">
        {EXAMPLES.map(([req, what]) => (
          <div key={req} style={{ marginBottom: 8 }}>
            <Typography.Text code copyable>
              {req}
            </Typography.Text>{' '}
            <Typography.Text type="secondary">{what}</Typography.Text>
          </div>
        ))}
        <Typography.Paragraph style={{ marginTop: 12 }}>
          <Typography.Text code>curl -i -H 'If-None-Match: "…"' http://localhost:8080/api/public/plans</Typography.Text> → 304 Not Modified
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
