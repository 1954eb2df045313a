import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { usePrefersReducedMotion } from './lib/reduced-motion.ts';
import { AuthProvider, useAuth } from './auth/AuthContext.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { Forbidden, NotFound } from './pages/Fallbacks.tsx';

// Route-level code splitting: each page is its own chunk.
const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
const HomePage = lazy(() => import('./pages/HomePage.tsx'));
const DivisionsPage = lazy(() => import('./pages/DivisionsPage.tsx'));
const UnitsPage = lazy(() => import('./pages/UnitsPage.tsx'));
const UsersPage = lazy(() => import('./pages/UsersPage.tsx'));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx'));
const PlansListPage = lazy(() => import('./pages/plans/PlansListPage.tsx'));
const PlanReviewPage = lazy(() => import('./pages/plans/PlanReviewPage.tsx'));
const PlanOverviewPage = lazy(() => import('./pages/plans/PlanOverviewPage.tsx'));
const PortalLayout = lazy(() => import('./pages/public/PortalLayout.tsx'));
const PortalPlansPage = lazy(() => import('./pages/public/PortalPlansPage.tsx'));
const PortalPlanPage = lazy(() => import('./pages/public/PortalPlanPage.tsx'));
const PortalIndicatorsPage = lazy(() => import('./pages/public/PortalIndicatorsPage.tsx'));
const PortalIndexPage = lazy(() => import('./pages/public/PortalIndexPage.tsx'));
const PortalApiPage = lazy(() => import('./pages/public/PortalApiPage.tsx'));
const PublishingPage = lazy(() => import('./pages/public/PublishingPage.tsx'));
const DashboardHomePage = lazy(() => import('./pages/dashboard/DashboardHomePage.tsx'));
const PlanDashboardPage = lazy(() => import('./pages/dashboard/PlanDashboardPage.tsx'));
const DivisionDashboardPage = lazy(() => import('./pages/dashboard/DivisionDashboardPage.tsx'));
const MyReportsPage = lazy(() => import('./pages/reporting/MyReportsPage.tsx'));
const SubmissionPage = lazy(() => import('./pages/reporting/SubmissionPage.tsx'));
const ReviewQueuePage = lazy(() => import('./pages/reporting/ReviewQueuePage.tsx'));
const CompletenessPage = lazy(() => import('./pages/reporting/CompletenessPage.tsx'));
const DataElementsPage = lazy(() => import('./pages/reporting/DataElementsPage.tsx'));
const FormsPage = lazy(() => import('./pages/reporting/FormsPage.tsx'));
const InboxPage = lazy(() => import('./pages/reporting/InboxPage.tsx'));
const ReportingLinkPage = lazy(() => import('./pages/reporting/ReportingLinkPage.tsx'));
const IndicatorsPage = lazy(() => import('./pages/indicators/IndicatorsPage.tsx'));
const PivotPage = lazy(() => import('./pages/indicators/PivotPage.tsx'));

export function PageSpinner() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={t('common.loading')}>
        <div style={{ height: 48 }} />
      </Spin>
    </div>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <PageSpinner />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function RequireAbility({ ok, children }: { ok: boolean; children: ReactNode }) {
  return ok ? <>{children}</> : <Forbidden />;
}

function AppRoutes() {
  const { user, can } = useAuth();
  const isAdmin = user?.role === 'admin';
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* The open-data portal: public, outside RequireAuth. */}
        <Route path="/open" element={<PortalLayout />}>
          <Route index element={<PortalPlansPage />} />
          <Route path="plans/:id" element={<PortalPlanPage />} />
          <Route path="indicators" element={<PortalIndicatorsPage />} />
          <Route path="indicators/:code" element={<PortalIndicatorsPage />} />
          <Route path="index" element={<PortalIndexPage />} />
          <Route path="api" element={<PortalApiPage />} />
        </Route>
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={user?.role === 'reporter' ? <Navigate to="/reporting/my" replace /> : <HomePage />} />
          <Route path="divisions" element={<DivisionsPage />} />
          <Route path="divisions/:code" element={<DivisionsPage />} />
          <Route path="units" element={<UnitsPage />} />
          <Route path="plans" element={<PlansListPage />} />
          <Route path="plans/:id" element={<PlanOverviewPage />} />
          <Route path="plans/:id/review" element={<PlanReviewPage />} />
          <Route path="publishing" element={<RequireAbility ok={isAdmin}><PublishingPage /></RequireAbility>} />
          <Route path="dashboard" element={<DashboardHomePage />} />
          <Route path="plans/:id/dashboard" element={<PlanDashboardPage />} />
          <Route path="divisions/:code/dashboard" element={<DivisionDashboardPage />} />
          <Route path="reporting/my" element={<RequireAbility ok={can('report')}><MyReportsPage /></RequireAbility>} />
          <Route path="reporting/submissions/:id" element={<SubmissionPage />} />
          <Route path="reporting/review" element={<RequireAbility ok={isAdmin || can('readAll')}><ReviewQueuePage /></RequireAbility>} />
          <Route path="reporting/completeness" element={<RequireAbility ok={isAdmin || can('readAll')}><CompletenessPage /></RequireAbility>} />
          <Route path="reporting/elements" element={<RequireAbility ok={isAdmin || can('readAll')}><DataElementsPage /></RequireAbility>} />
          <Route path="reporting/forms" element={<RequireAbility ok={isAdmin || can('readAll')}><FormsPage /></RequireAbility>} />
          <Route path="indicators" element={<IndicatorsPage />} />
          <Route path="indicators/:id/pivot" element={<PivotPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="reporting" element={<ReportingLinkPage />} />
          <Route
            path="users"
            element={
              <RequireAbility ok={can('manageUsers')}>
                <UsersPage />
              </RequireAbility>
            }
          />
          <Route
            path="audit"
            element={
              <RequireAbility ok={isAdmin || can('viewAudit')}>
                <AuditPage />
              </RequireAbility>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

function Themed() {
  const { locale } = useI18n();
  const reduceMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider locale={locale === 'en-US' ? enUSLocale : zhCNLocale} theme={{ token: { colorPrimary: '#b22222', motion: !reduceMotion } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
