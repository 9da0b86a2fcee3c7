/*
 * engine/bulletin_words.c -- the bulletin's fixed text: its style sheet and
 * its words in Chinese and English (headings, status names, table headers,
 * the method note and how to read the charts).  Nothing here is computed;
 * engine/bulletin.c puts the numbers in.
 */
#include "bulletin.h"

const char bulletin_css[] =
    ":root{--on:#1a9850;--risk:#f39c12;--off:#d73027;--na:#999}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Microsoft YaHei\",sans-serif;color:#222;line-height:1.55;margin:0 auto;max-width:1120px;"
    "padding:28px 32px;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "header{border-bottom:3px solid #08519c;margin-bottom:18px;padding-bottom:8px}\n"
    "h1{font-size:26px;margin:0}\n"
    ".asof{color:#555;margin:4px 0 0}\n"
    "h2{font-size:19px;border-left:5px solid #08519c;padding-left:10px;margin:28px 0 12px;"
    "break-after:avoid}\n"
    ".lead{font-size:21px;font-weight:bold;margin:8px 0}\n"
    "ul.key{padding-left:0;list-style:none;font-size:14px;margin:6px 0 10px}"
    "ul.key li{margin:3px 0}.tag{color:#fff;border-radius:3px;padding:0 6px;margin-right:4px;"
    "font-weight:bold}\n"
    ".counts span{display:inline-block;color:#fff;border-radius:4px;padding:2px 12px;"
    "margin:0 8px 4px 0;font-weight:bold}\n"
    ".on{background:var(--on)}.risk{background:var(--risk)}.off{background:var(--off)}"
    ".na{background:var(--na)}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px}\n"
    "th{background:#eef3f9;text-align:left;border-bottom:2px solid #9ecae1;white-space:nowrap}\n"
    "tr.r-on td:first-child{border-left:4px solid var(--on)}"
    "tr.r-risk td:first-child{border-left:4px solid var(--risk)}"
    "tr.r-off td:first-child{border-left:4px solid var(--off)}"
    "tr.r-na td:first-child{border-left:4px solid var(--na)}\n"
    "th,td{padding:4px 6px;border-bottom:1px solid #ddd;vertical-align:top}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.st{color:#fff;font-weight:bold;text-align:center;white-space:nowrap}\n"
    "tr{break-inside:avoid}\n"
    "tr.note td{border-bottom:1px solid #ddd;color:#444;font-size:12px;padding-top:0}"
    "tr.note td:first-child{border-left-width:4px}\n"
    "figure{margin:0 0 18px;break-inside:avoid;page-break-inside:avoid}\n"
    "svg.chart{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:12px;color:#555;margin-top:2px}\n"
    ".verdict{font-size:15px;margin:10px 0 4px}\n"
    ".legend{font-size:14px;color:#333;background:#f4f7fb;padding:6px 10px;border-radius:4px}\n"
    "td:nth-child(1){white-space:nowrap}td.tgt{text-align:right}td.unit{min-width:9em}\n"
    ".grid{display:grid;grid-template-columns:1fr 1fr;gap:10px 18px}\n"
    ".method{font-size:14px}\n"
    ".method li{margin-bottom:4px}\n"
    ".demo{background:#fff4e5;border-left:5px solid var(--risk);padding:6px 10px;margin:0 0 12px;"
    "font-size:14px}\n"
    "footer{margin-top:28px;color:#777;font-size:12px;border-top:1px solid #ddd;"
    "padding-top:6px}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    "h2{break-before:page}h2.keep{break-before:auto}"
    "table{font-size:8.5pt}th,td{padding:2px 4px}svg.chart{max-height:200mm}"
    "thead{display:table-header-group}.grid{gap:4mm 6mm}"
    /* Page 1 holds the title, the summary and the dashboard. */
    "header{margin-bottom:3mm}h1{font-size:18pt}.lead{font-size:13pt;margin:1mm 0}"
    "ul.key{font-size:8pt;margin:1mm 0 2mm}.counts span{padding:0 8px}.demo{font-size:8.5pt;"
    "padding:1mm 3mm;margin-bottom:2mm}h2.keep{margin:2mm 0}"
    "figure.overview svg.chart{max-height:160mm}figure.overview figcaption{font-size:7.5pt}}\n";

const struct bulletin_words bulletin_words_zh = {
    "zh-CN",
    "数据截至",
    "有望完成",
    "有风险",
    "落后",
    "无法评估",
    "一、总体情况",
    "二、各项目标状态",
    "三、全市目标预测",
    "四、各县区目标",
    "五、目标分解",
    "六、方法说明",
    {"地区", "指标", "目标", "基数", "预期", "80% 区间", "达成概率", "状态", "所需年增长",
     "牵头单位"},
    "<ul>\n"
    "<li><b>数据</"
    "b>：各地区各指标的年末数；当年只有月度累计数时，按往年各月完成进度折算为年末预测。</li>\n"
    "",
    "<li><b>区间</b>：每条序列模拟 ",
    " 条未来路径，路径同时包含随机波动与参数估计的不确定性，并按回测误差校准；"
    "图中深浅阴影为 50%/80%/95% 区间，实线为中位数。各县区的模拟路径逐条相加后与全市一致。</li>\n"
    "<li><b>达成概率</b>：模拟路径中在期限内达到目标的比例。≥ 80% 为“有望完成”，50%–80% "
    "为“有风险”，"
    "&lt; 50% 为“落后”。它是在历史趋势延续前提下的判断，不含尚未发生的政策变化。</li>\n"
    "<li><b>所需年增长</b>：从最近一次观测起，每年需保持的固定增长率，恰好在期限达到目标。</li>\n",
    "<li><b>可信度检验</b>：",
    "（attain backtest --targets：最近 3 个起点，向前 1–3 年，目标为不低于起点值的 "
    "0%、3%、6%、10%、"
    "15% 年增长）</li>\n",
    "图例：黑色折线与圆点为实际值，灰色虚线为模型拟合，蓝色实线为预测中位数，由深到浅的蓝色阴影为 "
    "50%/80%/95% 区间，红色菱形为目标（期限处的红色虚线），橙色空心圆为当年最新月度实际数。",
    "规划中分解到各县区的目标，与同一总量的等风险分配（各县区完成各自份额的概率相同，且尽可能高）"
    "和各县区的预期完成并列；概率按与“各项目标状态”相同的模拟路径计算（attain allocate）。",
    "<b>示例数据</b>：本简报所依据的历史数据为演示用的示例数据（source=illustrative），"
    "不是统计部门发布的实际数，图表和概率仅说明方法，不能作为工作依据。",
    "示例数据：历史数据为演示用示例（source=illustrative），并非实际统计数",
};

const struct bulletin_words bulletin_words_en = {
    "en",
    "data as of",
    "on track",
    "at risk",
    "off track",
    "not evaluated",
    "1. Overview",
    "2. Every target",
    "3. City targets",
    "4. Districts",
    "5. How targets are split",
    "6. Method",
    {"region", "indicator", "target", "baseline", "expected", "80% interval", "probability",
     "status", "growth needed", "lead unit"},
    "<ul>\n"
    "<li><b>Data</b>: year-end figures per region and indicator; when the current year only has "
    "year-to-date monthly figures, they are turned into a year-end projection from how earlier "
    "years filled up month by month.</li>\n"
    "",
    "<li><b>Intervals</b>: ",
    " future paths are simulated per series, carrying both noise and "
    "the uncertainty of the fitted parameters, calibrated on backtest errors; the shades are the "
    "50%/80%/95% intervals, the line the median.  District paths add up to the city's, path "
    "by path.</li>\n"
    "<li><b>Probability</b>: the share of simulated paths that meet the target by its deadline. "
    "At least 80% is on track, 50%&ndash;80% at risk, below 50% off track.  It assumes the "
    "past trend goes on; it does not know about policy changes to come.</li>\n"
    "<li><b>Growth needed</b>: the constant yearly growth from the last observation that just "
    "reaches the target.</li>\n",
    "<li><b>How far to trust the probabilities</b>: ",
    "  (attain backtest --targets: the last 3 origins, 1-3 years ahead, targets of 0, 3, 6, 10 "
    "and 15% yearly growth on the origin's figure.)</li>\n",
    "How to read the charts: black line and dots, observed; grey dashes, model fit; blue line, "
    "median forecast; blue shades from dark to light, the 50%/80%/95% intervals; red diamond, "
    "the target (red dotted line: its deadline); orange ring, the latest monthly figure of the "
    "current year.",
    "The plan's split of each city target over the districts, beside the equal-risk split of the "
    "same total (every district meets its share with the same probability, as high as it can be) "
    "and what each district is expected to deliver; the probabilities come from the same "
    "simulated paths as the table of every target (attain allocate).",
    "<b>Illustrative data</b>: the history behind this bulletin was invented for the demo "
    "(source=illustrative); it is not official statistics, and the charts and probabilities only "
    "show the method.",
    "Illustrative data: the history is invented for the demo (source=illustrative), not official "
    "statistics",
};
