import type { AuditTables } from '../platform/audit.tables.ts';
import type { SettingsTables } from '../platform/settings.tables.ts';
import type { AuthTables } from '../auth/auth.tables.ts';
import type { DivisionTables } from '../divisions/divisions.tables.ts';
import type { PlanTables } from '../plans/plans.tables.ts';
import type { ReportingTables } from '../reporting/reporting.tables.ts';
import type { ReportingIoTables } from '../reporting/io.tables.ts';
import type { IndicatorTables } from '../indicators/indicators.tables.ts';
import type { MonitoringTables } from '../indicators/monitoring.tables.ts';
import type { BriefingTables } from '../briefings/briefings.tables.ts';
import type { PublishingTables } from '../publishing/publishing.tables.ts';
import type { MapTables } from '../maps/maps.tables.ts';

/**
 * The whole database as Kysely sees it. Each domain declares its own tables next to its
 * migrations; this interface only composes them. Row types stay inside their domain's repository.
 */
export interface Database
  extends AuditTables,
    SettingsTables,
    AuthTables,
    DivisionTables,
    PlanTables,
    ReportingTables,
    ReportingIoTables,
    IndicatorTables,
    MonitoringTables,
    BriefingTables,
    MapTables,
    PublishingTables {
  luoshi_migrations: { name: string; applied_at: Date };
}
