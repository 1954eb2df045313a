import { Alert, Breadcrumb, Card, Col, Descriptions, Empty, Input, List as AntList, Row, Spin, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { Division, List } from '../api/types.ts';
import { itemsOf } from '../components/DivisionSelect.tsx';
import { errorText } from '../components/errors.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import DivisionLoadPanel from './DivisionLoadPanel.tsx';
import { useT, type MessageKey } from '../i18n/index.tsx';

interface Node extends TreeDataNode {
  key: string;
  children?: Node[];
}

function toNode(d: Division): Node {
  // The API does not say whether a division has children: only a village (level 5) is known to be a leaf;
  // expanding any other loads its children, and an empty answer makes it a leaf (replaceChildren).
  return { key: d.code, title: `${d.name}（${d.code}）`, isLeaf: d.level >= 5 };
}

function replaceChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, children, isLeaf: children.length === 0 };
    if (n.children) return { ...n, children: replaceChildren(n.children, key, children) };
    return n;
  });
}

function DivisionDetail({ code }: { code: string }) {
  const t = useT();
  const navigate = useNavigate();
  const [division, setDivision] = useState<Division | null>(null);
  const [ancestors, setAncestors] = useState<Division[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    Promise.all([
      api.get<Division>(`/api/divisions/${encodeURIComponent(code)}`, undefined, ctl.signal),
      api.get<List<Division> | Division[]>(`/api/divisions/${encodeURIComponent(code)}/ancestors`, undefined, ctl.signal).catch(() => []),
    ])
      .then(([d, a]) => {
        setDivision(d);
        setAncestors(itemsOf(a));
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(errorText(t, e));
      })
      .finally(() => setLoading(false));
    return () => ctl.abort();
  }, [code, t]);

  if (loading) return <Spin />;
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!division) return <Empty />;
  const levelKey = `divisions.level.${division.level}` as MessageKey;
  const kindKey = `divisions.kind.${division.kind}` as MessageKey;
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={[...ancestors, division].map((a) => ({
          key: a.code,
          title: a.code === division.code ? a.name : <a onClick={() => navigate(`/divisions/${a.code}`)}>{a.name}</a>,
        }))}
      />
      <Descriptions bordered column={1} size="small" data-testid="division-detail">
        <Descriptions.Item label={t('divisions.name')}>{division.name}</Descriptions.Item>
        <Descriptions.Item label={t('divisions.fullName')}>{division.fullName}</Descriptions.Item>
        <Descriptions.Item label={t('divisions.code')}>{division.code}</Descriptions.Item>
        <Descriptions.Item label={t('divisions.level')}>{t(levelKey) === levelKey ? division.level : t(levelKey)}</Descriptions.Item>
        <Descriptions.Item label={t('divisions.kind')}>{t(kindKey) === kindKey ? division.kind : t(kindKey)}</Descriptions.Item>
        <Descriptions.Item label={t('divisions.parent')}>
          {division.parentCode ? (ancestors.find((a) => a.code === division.parentCode)?.fullName ?? division.parentCode) : '—'}
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}

export default function DivisionsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { code } = useParams();
  const [tree, setTree] = useState<Node[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Division[] | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const { user } = useAuth();
  const [treeVersion, setTreeVersion] = useState(0);
  const reloadTree = useCallback(() => setTreeVersion((v) => v + 1), []);

  useEffect(() => {
    api
      .get<List<Division>>('/api/divisions', { level: 1, pageSize: 100 })
      .then((res) => setTree(itemsOf(res).map(toNode)))
      .catch((e) => setError(errorText(t, e)))
      .finally(() => setLoading(false));
  }, [t, treeVersion]);

  const loadData = useCallback(
    async (node: { key: React.Key; children?: unknown[] }) => {
      if (node.children) return;
      try {
        const res = await api.get<List<Division> | Division[]>(`/api/divisions/${encodeURIComponent(String(node.key))}/children`);
        setTree((old) => replaceChildren(old, String(node.key), itemsOf(res).map(toNode)));
      } catch (e) {
        setError(errorText(t, e));
      }
    },
    [t],
  );

  const onSearch = async (value: string) => {
    const v = value.trim();
    setQ(v);
    setHint(null);
    if (!v) {
      setResults(null);
      return;
    }
    setSearching(true);
    try {
      const res = await api.get<List<Division> & { hint?: string | null }>('/api/divisions', { q: v, pageSize: 50 });
      setResults(itemsOf(res));
      setHint(res.hint ?? null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setSearching(false);
    }
  };

  return (
    <Row gutter={16}>
      {user?.role === 'admin' && (
        <Col span={24}>
          <DivisionLoadPanel onLoaded={reloadTree} />
        </Col>
      )}
      <Col xs={24} md={10}>
        <Card title={t('divisions.tree')}>
          <Input.Search placeholder={t('divisions.search')} allowClear onSearch={onSearch} loading={searching} style={{ marginBottom: 12 }} data-testid="division-search" />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable={{ onClose: () => setError(null) }} />}
          {hint && results !== null && <Alert type="info" showIcon title={hint} style={{ marginBottom: 12 }} />}
          {results !== null ? (
            <AntList
              header={`${t('divisions.results')}：${q}`}
              size="small"
              dataSource={results}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(d) => (
                <AntList.Item style={{ cursor: 'pointer' }} onClick={() => navigate(`/divisions/${d.code}`)}>
                  {d.fullName || d.name}（{d.code}）
                </AntList.Item>
              )}
            />
          ) : loading ? (
            <Spin />
          ) : tree.length === 0 ? (
            <Empty description={t('divisions.noData')} />
          ) : (
            <Tree<Node>
              treeData={tree}
              loadData={loadData}
              selectedKeys={code ? [code] : []}
              onSelect={(keys) => keys[0] && navigate(`/divisions/${String(keys[0])}`)}
              height={560}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14}>
        <Card title={t('divisions.detail')}>{code ? <DivisionDetail code={code} /> : <Empty description={t('divisions.select')} />}</Card>
      </Col>
    </Row>
  );
}
