import { App as AntApp } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { formFieldErrors } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { errorText } from './errors.ts';

/**
 * The save of a drawer or modal form: `saving` while the request runs, the failure in the reader's
 * language for an alert above the form, each field's problem on its field, 已保存 when it worked.
 */
export function useSaveForm<V>(form: FormInstance<V>, fields: readonly (keyof V & string)[]) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /**
   * Validates the form (an invalid form rejects, as antd's validateFields does, and the form shows
   * why), runs `save` with its values, and on success says so and calls `done` with the answer.
   */
  const submit = async <R>(save: (values: V) => Promise<R>, done: (result: R) => void): Promise<void> => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const result = await save(values);
      message.success(t('common.saved'));
      done(result);
    } catch (e) {
      form.setFields(formFieldErrors(e, fields) as Parameters<FormInstance<V>['setFields']>[0]);
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, setError, submit };
}
