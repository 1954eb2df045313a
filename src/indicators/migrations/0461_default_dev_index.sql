-- The default 宽带发展指数 (BDI): ITU ICT Development Index 2009–2017 method (z = x / reference,
-- log10 for speeds, groups weighted 0.4 / 0.4 / 0.2, score × 10) with the pillars and references
-- proposed in shared/domain/indicators.md §3.5: references are the national 2020 targets of
-- 国发〔2013〕31号 (70% fixed household, 85% mobile, 98% villages, 50 Mbit/s urban access), scores
-- capped at 1.2. Components name indicators by code; an index whose indicator is not defined
-- scores without it (and says so). The office edits it through PUT /api/index/:id.
insert into dev_indexes (code, name, description, scale, sources) values (
  'BDI',
  '宽带发展指数',
  '普及（固定宽带家庭普及率、移动宽带用户普及率、行政村通宽带比例）、能力（光纤到户用户占比、固定宽带平均下载速率）、应用（互联网普及率）三组，权重 0.4/0.4/0.2，满分 10 分（超过目标最多计 12 分）。',
  10,
  array[
    'ITU, Measuring the Information Society Report 2010–2017, ICT Development Index methodology (annex 1)',
    '国务院《“宽带中国”战略及实施方案》国发〔2013〕31号 (2020 targets as references)',
    'luoshi domain note shared/domain/indicators.md §3.1, §3.5'
  ]
);

insert into dev_index_groups (index_id, code, name, weight, ord)
select id, g.code, g.name, g.weight, g.ord
from dev_indexes, (values ('access', '普及', 0.4, 0), ('capability', '能力', 0.4, 1), ('use', '应用', 0.2, 2)) as g(code, name, weight, ord)
where dev_indexes.code = 'BDI';

insert into dev_index_components (index_id, group_code, indicator, name, reference, log_scale, cap, weight, ord)
select id, c.grp, c.indicator, c.name, c.reference, c.log_scale, 1.2, 1, c.ord
from dev_indexes, (values
  ('access', 'FBB_HH_PEN', '固定宽带家庭普及率', 70.0, false, 0),
  ('access', 'MBB_PEN', '移动宽带（3G/LTE）用户普及率', 85.0, false, 1),
  ('access', 'VILLAGE_BB_RATE', '行政村通宽带比例', 98.0, false, 2),
  ('capability', 'FTTH_SHARE', '光纤到户用户占比', 100.0, false, 3),
  ('capability', 'AVG_DL_SPEED', '固定宽带平均下载速率', 50.0, true, 4),
  ('use', 'INTERNET_PEN', '互联网普及率', 100.0, false, 5)
) as c(grp, indicator, name, reference, log_scale, ord)
where dev_indexes.code = 'BDI';
