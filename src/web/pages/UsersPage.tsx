import { Alert, App as AntApp, Button, Card, Drawer, Form, Input, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { ROLES, type Role, type User } from '../api/types.ts';
import { DivisionSelect } from '../components/DivisionSelect.tsx';
import { ListTable, useList } from '../components/ListTable.tsx';
import { useSaveForm } from '../components/useSaveForm.ts';
import { UnitSelect } from '../components/UnitSelect.tsx';
import { errorText } from '../components/errors.ts';
import { useT, type MessageKey } from '../i18n/index.tsx';

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  unitId?: number;
  divisionCode?: string;
  password?: string;
  active?: boolean;
}
const FIELDS = ['username', 'displayName', 'role', 'unitId', 'divisionCode', 'password', 'active'] as const;

function isLocked(u: User): boolean {
  return u.locked === true || (!!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now());
}

function UserDrawer({ user, open, onClose, onSaved }: { user: User | null; open: boolean; onClose(): void; onSaved(generatedPassword?: string | null): void }) {
  const t = useT();
  const [form] = Form.useForm<UserForm>();
  const { saving, error, setError, submit: save } = useSaveForm(form, FIELDS);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (user)
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        unitId: user.unitId ?? undefined,
        divisionCode: user.divisionCode ?? undefined,
        active: user.active ?? true,
      });
    else form.setFieldsValue({ role: 'reporter' });
  }, [open, user, form, setError]);

  /** Saves; a new account's generated password (when none was given) goes to onSaved. */
  const submit = () =>
    save(async (v): Promise<string | null> => {
      if (user) {
        await api.patch(`/api/users/${user.id}`, {
          displayName: v.displayName.trim(),
          role: v.role,
          unitId: v.unitId ?? null,
          divisionCode: v.divisionCode ?? null,
          active: v.active ?? true,
          ...(user.version !== undefined ? { version: user.version } : {}),
        });
        return null;
      }
      const r = await api.post<{ generatedPassword?: string | null }>('/api/users', {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        role: v.role,
        ...(v.unitId ? { unitId: v.unitId } : {}),
        ...(v.divisionCode ? { divisionCode: v.divisionCode } : {}),
        ...(v.password ? { password: v.password } : {}),
      });
      return r?.generatedPassword ?? null;
    }, onSaved);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={user ? t('users.edit') : t('users.create')}
      size={480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={submit}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true, whitespace: true, message: t('common.requiredField') }]}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('common.requiredField') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t('users.unit')}>
          <UnitSelect />
        </Form.Item>
        <Form.Item name="divisionCode" label={t('users.division')}>
          <DivisionSelect />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : (
          <Form.Item name="password" label={t('users.password')} extra={t('users.passwordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

export default function UsersPage() {
  const t = useT();
  const { message, modal } = AntApp.useApp();
  const list = useList<User, { q?: string }>('/api/users');
  const [editing, setEditing] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const refresh = list.reload;

  const unlock = async (u: User) => {
    try {
      await api.patch(`/api/users/${u.id}`, { unlock: true, version: u.version });
      message.success(t('users.unlocked'));
      refresh();
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  const doReset = async () => {
    if (!resetting) return;
    try {
      await api.patch(`/api/users/${resetting.id}`, { password: newPassword, version: resetting.version });
      message.success(t('users.resetDone'));
      setResetting(null);
      setNewPassword('');
    } catch (e) {
      message.error(errorText(t, e));
    }
  };

  const columns: TableProps<User>['columns'] = [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.role'), dataIndex: 'role', render: (r: string) => <Tag>{t(`role.${r}` as MessageKey)}</Tag> },
    { title: t('users.division'), dataIndex: 'divisionCode', render: (v: string | null) => v ?? '—' },
    {
      title: t('users.active'),
      key: 'state',
      render: (_, u) => (
        <Space>
          {u.active === false ? <Tag>{t('common.no')}</Tag> : <Tag color="green">{t('common.yes')}</Tag>}
          {isLocked(u) && <Tag color="red">{t('users.locked')}</Tag>}
        </Space>
      ),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null | undefined) => (v ? new Date(v).toLocaleString() : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, u) => (
        <Space>
          <Button
            size="small"
            type="link"
            onClick={() => {
              setEditing(u);
              setOpen(true);
            }}
          >
            {t('common.edit')}
          </Button>
          {isLocked(u) && (
            <Button size="small" type="link" onClick={() => unlock(u)}>
              {t('users.unlock')}
            </Button>
          )}
          <Button size="small" type="link" onClick={() => setResetting(u)}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('users.title')}
      extra={
        <Button
          type="primary"
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          {t('users.create')}
        </Button>
      }
    >
      <ListTable<User, { q?: string }>
        list={list}
        filters={<Input.Search placeholder={t('users.search')} allowClear style={{ width: 260 }} onSearch={(v) => list.setFilters({ q: v.trim() || undefined })} />}
        rowKey="id"
        columns={columns}
        emptyText={t('users.empty')}
      />
      <UserDrawer
        user={editing}
        open={open}
        onClose={() => setOpen(false)}
        onSaved={(generated) => {
          setOpen(false);
          refresh();
          if (generated) modal.info({ title: t('users.generatedPassword'), content: <Typography.Text copyable code>{generated}</Typography.Text> });
        }}
      />
      <Modal
        open={!!resetting}
        title={`${t('users.resetPassword')}：${resetting?.username ?? ''}`}
        onOk={doReset}
        okButtonProps={{ disabled: !newPassword }}
        onCancel={() => setResetting(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Input.Password placeholder={t('users.newPassword')} value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoComplete="new-password" />
      </Modal>
    </Card>
  );
}
