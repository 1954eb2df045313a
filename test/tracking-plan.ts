/**
 * A small plan written for the review and activation tests (not one of the seeds): no stated
 * period (so its calendar would stop at the issue year), a duty that says only 定期, and units
 * named twice over (天河区 / 天河区人民政府).
 */
export const TIANHE_PLAN = `广州市天河区人民政府办公室关于印发天河区推进智慧城市建设工作方案的通知

穗天府办〔2016〕12号

各街道办事处，区政府各部门、各直属机构：
　　《天河区推进智慧城市建设工作方案》已经区人民政府同意，现印发给你们，请认真贯彻执行。

广州市天河区人民政府办公室
2016年3月10日

天河区推进智慧城市建设工作方案

一、工作目标
　　到2018年，全区光纤入户率达到90%以上，公共场所免费无线局域网覆盖率达到80%。

二、主要任务
　　（一）推进光纤网络建设。加快老旧小区光纤改造。（牵头单位：区科工信局；责任单位：天河区人民政府、各街道办事处）
　　（二）建设公共无线网络。在主要公共场所部署免费无线局域网。（牵头单位：天河区；责任单位：区科工信局）
　　（三）推进政务数据共享。建设区级政务数据共享平台。（牵头单位：区政务办；责任单位：区发展改革局）

三、保障措施
　　（一）加强组织领导。成立区智慧城市建设领导小组，统筹推进工作。
　　（二）建立报送制度。各责任单位要定期向区科工信局报送工作进展情况。每季度报送一次工作进展情况。
`;

export const TIANHE_DIVISIONS = [
  { code: '44', name: '广东省', level: 1, parent_code: null, full_name: '广东省' },
  { code: '4401', name: '广州市', level: 2, parent_code: '44', full_name: '广东省广州市' },
  { code: '440106', name: '天河区', level: 3, parent_code: '4401', full_name: '广东省广州市天河区' },
  { code: '440104', name: '越秀区', level: 3, parent_code: '4401', full_name: '广东省广州市越秀区' },
];
