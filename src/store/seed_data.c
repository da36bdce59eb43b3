/*
 * seed_data.c - the vocabulary of the demo park: zones, industries with
 * their key places and chemicals, chemicals with GB 18218-2018 critical
 * quantities, names, sensor defaults and hazard wording.
 *
 * Everything here is invented for the demo except the regulatory numbers,
 * which are real and say where they come from.
 */
#include "config.h"

#include "seed_private.h"

const char *const seed_place_codes[SP_COUNT] = {
	"ammonia", "dust", "spray", "hazchem", "confined", "lithium",
};

/*
 * GB 18218-2018 critical quantities Q (tonnes). Table 1 names most of them:
 * 氨 10, 天然气/甲烷 50, 液化石油气 50, 甲苯 500, 乙酸乙酯 500, 丙酮 500,
 * 甲醇 500, 乙醇 500, 氢 5, 氯 5, 乙炔 1, 氧(压缩或液化) 200.
 * 二甲苯 is not named in Table 1: as a flammable liquid of category 3 not
 * handled above its boiling point nor under special process conditions it
 * falls under Table 2 class W5.4, Q = 5000 t.
 * 硫酸 and N-甲基吡咯烷酮 are outside the standard (corrosive only / not
 * flammable in category 1-3 nor acutely toxic enough), so their threshold is
 * NULL: they are on site and listed, but add nothing to sum(q/Q).
 * 天然气 carries methane's CAS (Table 1 lists 74-82-8 and 8006-14-2 together).
 */
const struct seed_chemical seed_chemicals[CH_COUNT] = {
	[CH_NH3] = {"液氨", "7664-41-7", 10, "氨制冷机房高压贮液器"},
	[CH_CH4] = {"天然气（甲烷）", "74-82-8", 50, "LNG 储罐"},
	[CH_LPG] = {"液化石油气", "68476-85-7", 50, "液化气瓶组间"},
	[CH_TOLUENE] = {"甲苯", "108-88-3", 500, "甲类仓库"},
	[CH_XYLENE] = {"二甲苯", "1330-20-7", 5000, "甲类仓库"},
	[CH_ETHYL_ACETATE] = {"乙酸乙酯", "141-78-6", 500, "甲类仓库"},
	[CH_ACETONE] = {"丙酮", "67-64-1", 500, "甲类仓库"},
	[CH_METHANOL] = {"甲醇", "67-56-1", 500, "储罐区"},
	[CH_ETHANOL] = {"乙醇", "64-17-5", 500, "储罐区"},
	[CH_H2] = {"氢气", "1333-74-0", 5, "气瓶间"},
	[CH_CL2] = {"液氯", "7782-50-5", 5, "液氯钢瓶库"},
	[CH_C2H2] = {"乙炔", "74-86-2", 1, "气瓶间"},
	[CH_O2] = {"氧气", "7782-44-7", 200, "气瓶间"},
	[CH_H2SO4] = {"硫酸", "7664-93-9", 0, "酸碱库"},
	[CH_NMP] = {"N-甲基吡咯烷酮", "872-50-4", 0, "原料仓库"},
};

/* Shares in per mille (sum 1000): a hardware-manufacturing zone. */
const struct seed_industry seed_industries[] = {
	{"hardware", "五金制品", 240, {"五金制品", "五金工具", "金属制品", "五金配件", "锁业", NULL},
	 {{SP_DUST, 0.35, "抛光打磨车间"}, {SP_CONFINED, 0.30, "污水处理池"}, {SP_SPRAY, 0.12, "喷涂线"}, {-1, 0, NULL}},
	 {{CH_C2H2, 0.25, 0.02, 0.2, -1}, {CH_O2, 0.25, 0.1, 1.0, -1}, {CH_LPG, 0.15, 0.2, 2.0, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "焊接与热切割作业", "高处作业", NULL}},
	{"power_tools", "电动工具", 120, {"电动工具", "电器", "机电", "动力工具", NULL},
	 {{SP_LITHIUM, 0.35, "锂电池包装配区"}, {SP_DUST, 0.25, "打磨车间"}, {SP_SPRAY, 0.20, "喷漆房"},
	  {SP_CONFINED, 0.10, "地下污水井"}, {-1, 0, NULL}},
	 {{CH_ACETONE, 0.20, 0.1, 2.0, -1}, {CH_ETHYL_ACETATE, 0.15, 0.2, 3.0, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "焊接与热切割作业", "高处作业", NULL}},
	{"die_casting", "压铸", 90, {"压铸", "精密铸造", "铝业", "金属科技", NULL},
	 {{SP_DUST, 0.75, "铝合金打磨抛光车间"}, {SP_CONFINED, 0.25, "冷却水池"}, {-1, 0, NULL}},
	 {{CH_CH4, 0.35, 3, 30, -1}, {CH_LPG, 0.20, 1, 8, -1}, {CH_O2, 0.20, 0.2, 2, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "焊接与热切割作业", "高处作业", NULL}},
	{"coating", "喷涂", 80, {"喷涂", "涂装", "表面处理", "粉末涂装", NULL},
	 {{SP_SPRAY, 1.0, "喷漆房"}, {SP_DUST, 0.35, "粉末喷涂房"}, {SP_HAZCHEM, 0.30, "油漆仓库"},
	  {SP_CONFINED, 0.20, "废水处理池"}, {-1, 0, NULL}},
	 {{CH_TOLUENE, 0.5, 1, 40, -1}, {CH_XYLENE, 0.6, 2, 80, -1}, {CH_ETHYL_ACETATE, 0.4, 1, 30, -1},
	  {CH_ACETONE, 0.3, 0.5, 10, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "危险化学品安全作业", "高处作业", NULL}},
	{"lithium", "锂电池", 50, {"锂电", "新能源", "电池", "能源科技", NULL},
	 {{SP_LITHIUM, 1.0, "电芯仓库"}, {SP_HAZCHEM, 0.20, "电解液仓库"}, {SP_CONFINED, 0.15, "废水收集池"}, {-1, 0, NULL}},
	 {{CH_NMP, 0.5, 1, 20, -1}, {CH_ACETONE, 0.2, 0.2, 3, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "危险化学品安全作业", "高处作业", NULL}},
	{"cold_storage", "冷库(氨制冷)", 40, {"冷链", "冷冻食品", "冷藏", "冷链物流", NULL},
	 {{SP_AMMONIA, 1.0, "氨制冷机房"}, {SP_CONFINED, 0.30, "地下管沟"}, {-1, 0, NULL}},
	 {{CH_NH3, 1.0, 2, 25, SP_AMMONIA}, {-1, 0, 0, 0, -1}},
	 {"制冷与空调作业", "电工作业", "高处作业", NULL}},
	{"chemical", "化工", 40, {"化工", "新材料", "化学", "精细化工", NULL},
	 {{SP_HAZCHEM, 1.0, "甲类仓库"}, {SP_CONFINED, 0.50, "反应釜"}, {-1, 0, NULL}},
	 {{CH_TOLUENE, 0.4, 10, 400, -1}, {CH_METHANOL, 0.4, 20, 450, -1}, {CH_XYLENE, 0.3, 20, 800, -1},
	  {CH_H2SO4, 0.4, 5, 60, -1}, {CH_CL2, 0.15, 0.5, 6, -1}, {CH_H2, 0.12, 0.1, 3, -1}, {-1, 0, 0, 0, -1}},
	 {"危险化学品安全作业", "电工作业", "焊接与热切割作业", NULL}},
	{"logistics", "物流仓储", 100, {"物流", "供应链", "仓储", "货运", NULL},
	 {{SP_LITHIUM, 0.12, "电动叉车充电区"}, {SP_HAZCHEM, 0.08, "危险品仓库"}, {SP_CONFINED, 0.05, "化粪池"}, {-1, 0, NULL}},
	 {{CH_LPG, 0.10, 0.1, 1, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "高处作业", NULL}},
	{"textile", "纺织", 80, {"纺织", "针织", "服饰", "织造", "袜业", NULL},
	 {{SP_DUST, 0.30, "开清棉车间"}, {SP_CONFINED, 0.30, "印染污水池"}, {-1, 0, NULL}},
	 {{CH_H2SO4, 0.15, 1, 10, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "高处作业", NULL}},
	{"food", "食品", 60, {"食品", "饮料", "粮油", "调味品", NULL},
	 {{SP_AMMONIA, 0.30, "速冻库氨制冷机房"}, {SP_DUST, 0.30, "面粉投料间"}, {SP_CONFINED, 0.40, "发酵罐"}, {-1, 0, NULL}},
	 {{CH_NH3, 1.0, 0.5, 6, SP_AMMONIA}, {CH_ETHANOL, 0.10, 1, 20, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "制冷与空调作业", NULL}},
	{"plastics", "塑料制品", 50, {"塑料制品", "塑胶", "包装材料", "塑业", NULL},
	 {{SP_CONFINED, 0.15, "冷却水池"}, {SP_SPRAY, 0.15, "喷漆线"}, {SP_DUST, 0.10, "粉碎间"}, {-1, 0, NULL}},
	 {{CH_ETHYL_ACETATE, 0.10, 0.2, 3, -1}, {-1, 0, 0, 0, -1}},
	 {"电工作业", "焊接与热切割作业", NULL}},
	{"wood", "木制品", 50, {"木业", "家具", "工艺品", "竹木制品", NULL},
	 {{SP_DUST, 0.90, "木工砂光车间"}, {SP_SPRAY, 0.60, "油漆房"}, {-1, 0, NULL}},
	 {{CH_XYLENE, 0.30, 0.5, 5, -1}, {CH_ETHYL_ACETATE, 0.20, 0.2, 3, -1}, {CH_TOLUENE, 0.10, 0.2, 2, -1},
	  {-1, 0, 0, 0, -1}},
	 {"电工作业", "焊接与热切割作业", NULL}},
};
const size_t seed_n_industries = PW_ARRAY_LEN(seed_industries);

/* Zone centres placed around the park centre in their real directions, compressed to ~5 km. */
const struct seed_zone seed_zones[] = {
	{"SIQI", "四期", 29.335, 120.115, 25, 8, {"春华路", "经发大道", "开元路", "创业路"}},
	{"SUXI", "苏溪", 29.368, 120.125, 22, 7, {"苏福路", "溪华路", "工业大道", "苏华街"}},
	{"BEIYUAN", "北苑", 29.352, 120.072, 15, 6, {"北苑路", "春风大道", "凌云路", "雪峰路"}},
	{"CHOUJIANG", "稠江", 29.305, 120.062, 14, 5, {"稠江大道", "贝村路", "杨村路", "高新路"}},
	{"FOTANG", "佛堂", 29.290, 120.085, 12, 5, {"佛堂大道", "双林路", "南江路", "万善路"}},
	{"NIANSANLI", "廿三里", 29.338, 120.150, 12, 4, {"廿三里大道", "埠头路", "开创路", "东洲路"}},
};
const size_t seed_n_zones = PW_ARRAY_LEN(seed_zones);

/* Common surnames, repeated by frequency (王 陈 吴 楼 龚 傅 are typical of the area). */
const char *const seed_surnames[] = {
	"王", "王", "王", "王", "陈", "陈", "陈", "陈", "李", "李", "李", "张", "张", "张",
	"吴", "吴", "吴", "金", "金", "楼", "楼", "朱", "朱", "傅", "傅", "龚", "龚", "何",
	"何", "方", "骆", "虞", "刘", "杨", "黄", "赵", "周", "徐", "孙", "马", "胡", "郭",
	"林", "郑", "丁", "叶", "鲍", "季", "蒋", "杜", "冯", "俞", "应", "贾", "施", "韩",
	NULL,
};

const char *const seed_given[] = {
	"伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
	"明", "超", "华", "平", "刚", "斌", "波", "辉", "峰", "燕", "玲", "红", "霞",
	"建华", "建国", "志强", "海燕", "晓东", "国庆", "红梅", "丽萍", "文斌", "伟东",
	"振宇", "佳怡", "浩然", "子涵", "雨轩", "俊杰", "晨阳", "思远", "一鸣", "雪梅",
	"秀英", "春林", "永康", "立新", "卫东", "德明", "建军", "小龙", "宏伟", "晓燕",
	"美玲", "琳琳", "慧敏", "嘉豪", "欣怡", "宇航", "鹏飞", "国平", "少华", "新民",
	NULL,
};

/* Two of these make a brand (华诚, 鑫泰...). */
const char *const seed_brand_chars[] = {
	"华", "诚", "鑫", "盛", "达", "恒", "宏", "锦", "瑞", "丰", "泰", "凯", "嘉", "森",
	"力", "金", "源", "豪", "顺", "邦", "通", "兴", "隆", "昌", "创", "新", "宇", "航",
	"威", "腾", "龙", "发", "永", "益", "佳", "富", "祥", "和", "安", "康", "信", "德",
	"汇", "鼎", "欣", "立", "联", "诺", "远", "博", "晟", "辉", "耀", "美", "科", "拓",
	"亿", "维", "盈", "俊", "越", "中", "天", "正", "峰", "海", "杰", "明", "东", "方",
	"成", "旺", "利", "星", "久", "润", "圣", "晶", "骏", "伦",
	NULL,
};

const char *const seed_ownerships[] = {
	"私营企业", "股份制企业", "外商投资企业", "港澳台投资企业", "国有控股企业", "集体企业", NULL,
};
const int seed_ownership_weights[] = {70, 12, 6, 5, 4, 3};

/*
 * Sensor defaults. Gas alarm levels follow GB/T 50493-2019 (combustible:
 * first <= 25 %LEL, second <= 50 %LEL; toxic: first <= 100 % OEL, second
 * <= 200 % OEL; oxygen: low 19.5 %vol, high 23.5 %vol), with the OEL from
 * GBZ 2.1-2019 (MAC where there is one, else PC-STEL):
 *   NH3 PC-STEL 30 mg/m3 -> 30 / 60;  CO PC-STEL 30 mg/m3 -> 30 / 60;
 *   H2S MAC 10 mg/m3 -> 10 / 20;      Cl2 MAC 1 mg/m3 -> 1 / 2 (kind "other").
 * Deadband is about 5 % of L1, except oxygen: 5 % of 19.5 would hold a low
 * alarm until 20.5 %vol, so 0.5 %vol is used there. Discrete detectors
 * (smoke, flame, camera) have no limits.
 */
const struct seed_sensor_spec seed_sensor_specs[SK_COUNT] = {
	[SK_NH3] = {"nh3", "NH3", "mg/m3", 30, 60, true, false, 0, 1.5, 5},
	[SK_LEL] = {"lel", "LEL", "%LEL", 20, 50, true, false, 0, 1.0, 3},
	[SK_O2] = {"o2", "O2", "%vol", 19.5, 18.0, true, true, 23.5, 0.5, 5},
	[SK_CO] = {"co", "CO", "mg/m3", 30, 60, true, false, 0, 1.5, 5},
	[SK_H2S] = {"h2s", "H2S", "mg/m3", 10, 20, true, false, 0, 0.5, 3},
	[SK_CL2] = {"other", "CL2", "mg/m3", 1, 2, true, false, 0, 0.05, 3},
	[SK_SMOKE] = {"smoke", "SMK", "", 0, 0, false, false, 0, 0, 0},
	[SK_FLAME] = {"flame", "FLM", "", 0, 0, false, false, 0, 0, 0},
	[SK_CAMERA] = {"camera", "CAM", "", 0, 0, false, false, 0, 0, 0},
};

const char *const seed_hazard_general[SP_COUNT][4] = {
	[SP_AMMONIA] = {"氨制冷机房事故排风机未定期试运行", "氨气泄漏报警仪未按期标定",
	                "液氨管道阀门标识不清", "氨制冷机房应急照明灯损坏"},
	[SP_DUST] = {"除尘器泄爆片锈蚀未检查", "车间地面及设备表面积尘未及时清扫",
	             "打磨工位风管连接处漏风", "粉尘清扫记录不全"},
	[SP_SPRAY] = {"喷漆房排风机皮带松动", "调漆间油漆桶未加盖", "喷涂设备静电接地线断开",
	              "喷涂区可燃气体报警仪未按期标定"},
	[SP_HAZCHEM] = {"危化品仓库未张贴安全技术说明书", "防泄漏围堰内积水未清理",
	                "危化品出入库登记台账不完整", "危化品仓库通风设施故障"},
	[SP_CONFINED] = {"有限空间警示标志褪色", "有限空间管理台账未更新", "便携式气体检测仪未按期标定",
	                 "三脚架救援装置缺少安全绳"},
	[SP_LITHIUM] = {"锂电池仓库堆垛过高", "充电区未配备灭火毯", "电池仓库温度巡检记录缺失",
	                "废旧电池未单独存放"},
};

/* Major ones follow the wording of 工贸企业重大事故隐患判定标准 (应急管理部令第10号). */
const char *const seed_hazard_major[SP_COUNT][2] = {
	[SP_AMMONIA] = {"包装间空调系统采用氨直接蒸发制冷", "快速冻结装置作业间内作业人员超过9人"},
	[SP_DUST] = {"铝镁金属粉尘干式除尘系统未采取泄爆、惰化、抑爆措施", "粉尘爆炸危险场所内设置员工休息室"},
	[SP_SPRAY] = {"调漆间和喷漆室未设置可燃气体报警装置", "喷涂作业场所使用非防爆电气设备"},
	[SP_HAZCHEM] = {"甲类仓库与员工宿舍设在同一建筑内", "储罐区可燃气体报警未与紧急切断装置联锁"},
	[SP_CONFINED] = {"污水池清淤作业未执行先通风、再检测、后作业", "有限空间作业现场未设置监护人员"},
	[SP_LITHIUM] = {"锂电池仓库与生产车间未进行防火分隔", "电池集中充电区设在人员密集场所内"},
};

const char *const seed_hazard_common[] = {
	"灭火器压力不足", "安全出口指示灯损坏", "消防通道堆放杂物", "配电箱线路私拉乱接",
	"员工安全培训记录不全", "劳动防护用品佩戴不规范", "车间内电动车违规充电",
	"应急预案未按期演练", NULL,
};
