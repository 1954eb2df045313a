import { Alert, App as AntApp, Button, Dropdown, Form, Input, Layout, Menu, Modal, Space, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, formFieldErrors } from '../api/client.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { errorText } from '../components/errors.ts';
import { InboxBell } from '../components/reporting/InboxBell.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { ClockBanner } from './clock.tsx';
import './responsive.css';

interface NavItem {
  path: string;
  label: MessageKey;
  show: boolean;
}

function ChangePasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ oldPassword: string; newPassword: string; confirm: string }>();
  const { refresh } = useAuth();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api.post('/api/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      // The server refuses everything else until the password is changed: reload the user (and
      // with it the pages) now that it is.
      await refresh();
      onClose();
    } catch (e) {
      form.setFields(formFieldErrors(e, ['oldPassword', 'newPassword']));
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('header.changePassword')} onOk={submit} onCancel={onClose} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="oldPassword" label={t('password.old')} rules={[{ required: true, message: t('common.requiredField') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, message: t('common.requiredField') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.requiredField') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AppLayout() {
  const { t, locale, setLocale } = useI18n();
  const { user, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  // Opened at once for a temporary password: the server answers nothing else until it is changed.
  const [pwOpen, setPwOpen] = useState(() => user?.mustChangePassword === true);
  const isAdmin = user?.role === 'admin';

  const items: NavItem[] = useMemo(
    () => [
      { path: '/', label: 'nav.home', show: true },
      { path: '/plans', label: 'nav.plans', show: true },
      { path: '/dashboard', label: 'nav.dashboard', show: true },
      { path: '/indicators', label: 'nav.indicators', show: true },
      { path: '/reporting/my', label: 'nav.reportingMy', show: can('report') },
      { path: '/reporting/review', label: 'nav.reportingReview', show: isAdmin || can('readAll') },
      { path: '/reporting/completeness', label: 'nav.reportingCompleteness', show: isAdmin || can('readAll') },
      { path: '/reporting/elements', label: 'nav.reportingElements', show: isAdmin },
      { path: '/reporting/forms', label: 'nav.reportingForms', show: isAdmin },
      { path: '/divisions', label: 'nav.divisions', show: true },
      { path: '/units', label: 'nav.units', show: true },
      { path: '/users', label: 'nav.users', show: can('manageUsers') },
      { path: '/publishing', label: 'nav.publishing', show: isAdmin },
      { path: '/audit', label: 'nav.audit', show: isAdmin || can('viewAudit') },
    ],
    [can, isAdmin],
  );
  const visible = items.filter((i) => i.show);
  const selected = visible
    .filter((i) => (i.path === '/' ? location.pathname === '/' : location.pathname.startsWith(i.path)))
    .map((i) => i.path);

  const onLogout = async () => {
    await logout().catch(() => {});
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200} style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 24px', fontSize: 20, fontWeight: 600 }}>
          <Link to="/" style={{ color: 'inherit' }}>
            {t('app.name')}
          </Link>
        </div>
        <nav aria-label={t('nav.menu')}>
          <Menu
            mode="inline"
            selectedKeys={selected}
            items={visible.map((i) => ({ key: i.path, label: <Link to={i.path}>{t(i.label)}</Link> }))}
            data-testid="main-menu"
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          className="luoshi-header"
          style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}
        >
          <Typography.Text type="secondary" className="luoshi-tagline">
            {t('app.tagline')}
          </Typography.Text>
          <Space size="middle" className="luoshi-header-actions">
            {user && <InboxBell />}
            <Button type="text" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')} aria-label={t('lang.label')} data-testid="lang-switch">
              {t('lang.switch')}
            </Button>
            {user && (
              <Dropdown
                menu={{
                  items: [
                    { key: 'password', label: t('header.changePassword'), onClick: () => setPwOpen(true) },
                    { key: 'logout', label: t('header.logout'), onClick: onLogout },
                  ],
                }}
              >
                <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                  <span data-testid="user-name" className="luoshi-user-name">
                    {user.displayName || user.username}
                  </span>
                  <Tag className="luoshi-role-tag">{t(`role.${user.role}` as MessageKey)}</Tag>
                </Space>
              </Dropdown>
            )}
            <Button onClick={onLogout} data-testid="logout">
              {t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="luoshi-content" style={{ padding: 24 }}>
          <ClockBanner style={{ marginBottom: 16 }} />
          {user?.mustChangePassword && (
            <Alert
              type="warning"
              showIcon
              title={t('login.mustChange')}
              action={
                <Button size="small" onClick={() => setPwOpen(true)}>
                  {t('header.changePassword')}
                </Button>
              }
              style={{ marginBottom: 16 }}
            />
          )}
          <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}>{t('common.loading')}</div>}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
    </Layout>
  );
}
