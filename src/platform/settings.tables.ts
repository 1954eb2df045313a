import type { ColumnType, Generated } from 'kysely';

export interface SettingsTables {
  app_settings: {
    key: string;
    /** JSON: read back parsed (driver) or as text (embedded), written as JSON text */
    value: ColumnType<unknown, string, string>;
    updated_at: Generated<Date>;
  };
}
