import { Alert, Card } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';

/**
 * `/reporting?form=ID&period=CODE`, the link reminders carry: opens (creating on first use) the
 * signed-in reporter's submission for that form and period. Anything else lands on my reports.
 */
export default function ReportingLinkPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const formId = Number(params.get('form'));
  const period = params.get('period') ?? '';
  const unitId = user?.unitId ?? null;
  const usable = Number.isInteger(formId) && formId > 0 && /^\d{4}/.test(period) && unitId !== null;

  useEffect(() => {
    if (!usable) return;
    let live = true;
    api
      .post<{ id: number }>('/api/reporting/submissions', { formId, unitId, period })
      .then((s) => live && navigate(`/reporting/submissions/${s.id}`, { replace: true }))
      .catch((e) => live && setError(errorText(t, e)));
    return () => {
      live = false;
    };
  }, [usable, formId, unitId, period, navigate, t]);

  if (!usable) return <Navigate to={user?.role === 'reporter' ? '/reporting/my' : '/reporting/completeness'} replace />;
  if (error) return <Alert type="error" showIcon title={error} />;
  return <Card loading />;
}
