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
    "figure{margin:0 0 18px;break-inside:avoid;page-break-inside:avoid}\n"
    "svg.chart{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:12px;color:#555;margin-top:2px}\n"
    ".verdict{font-size:15px;margin:10px 0 4px}\n"
    ".legend{font-size:14px;color:#333;background:#f4f7fb;padding:6px 10px;border-radius:4px}\n"
    "td:nth-child(1){white-space:nowrap}td.tgt{text-align:right}td.unit{min-width:9em}\n"
    ".grid{display:grid;grid-template-columns:1fr 1fr;gap:10px 18px}\n"
    ".method{font-size:14px}\n"
    ".method li{margin-bottom:4px}\n"
    "footer{margin-top:28px;color:#777;font-size:12px;border-top:1px solid #ddd;"
    "padding-top:6px}\n"
    "@page{size:A4;margin:14mm 12mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    "h2{break-before:page}h2.keep{break-before:auto}"
    "table{font-size:8.5pt}th,td{padding:2px 4px}svg.chart{max-height:200mm}"
    "thead{display:table-header-group}.grid{gap:4mm 6mm}}\n";

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
    "<li><b>模型</b>：每条序列在线性、指数、Logistic、Gompertz 增长曲线，阻尼趋势指数平滑、Theta "
    "以及计数模型（泊松、负二项）中，按滚动回测误差与 AICc "
    "自动选择或加权组合；拟合失败时退回更简单的模型并注明。</li>\n"
    "<li><b>区间</b>：每条序列模拟 ",
    " 条未来路径，路径同时包含随机波动与参数估计的不确定性，并按回测误差校准；"
    "图中深浅阴影为 50%/80%/95% 区间，实线为中位数。各县区的模拟路径逐条相加后与全市一致。</li>\n"
    "<li><b>达成概率</b>：模拟路径中在期限内达到目标的比例。≥ 80% 为“有望完成”，50%–80% "
    "为“有风险”，"
    "&lt; 50% 为“落后”。它是在历史趋势延续前提下的判断，不含尚未发生的政策变化。</li>\n"
    "<li><b>所需年增长</b>：从最近一次观测起，每年需保持的固定增长率，恰好在期限达到目标。</li>\n"
    "</ul>\n",
    "图例：黑色折线与圆点为实际值，灰色虚线为模型拟合，蓝色实线为预测中位数，由深到浅的蓝色阴影为 "
    "50%/80%/95% 区间，红色菱形为目标（期限处的红色虚线），橙色空心圆为当年最新月度实际数。",
    "规划中分解到各县区的目标，与同一总量的等风险分配（各县区完成各自份额的概率相同，且尽可能高）"
    "和各县区的预期完成并列；概率按与“各项目标状态”相同的模拟路径计算（attain allocate）。",
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
    "<li><b>Models</b>: for every series, linear, exponential, logistic and Gompertz growth "
    "curves, damped-trend exponential smoothing, Theta and count models (Poisson, negative "
    "binomial) are ranked by rolling-origin backtests and AICc, and the best is used or the best "
    "few combined; a model that cannot be fitted falls back to a simpler one.</li>\n"
    "<li><b>Intervals</b>: ",
    " future paths are simulated per series, carrying both noise and "
    "the uncertainty of the fitted parameters, calibrated on backtest errors; the shades are the "
    "50%/80%/95% intervals, the line the median.  District paths add up to the city's, path "
    "by path.</li>\n"
    "<li><b>Probability</b>: the share of simulated paths that meet the target by its deadline. "
    "At least 80% is on track, 50%&ndash;80% at risk, below 50% off track.  It assumes the "
    "past trend goes on; it does not know about policy changes to come.</li>\n"
    "<li><b>Growth needed</b>: the constant yearly growth from the last observation that just "
    "reaches the target.</li>\n"
    "</ul>\n",
    "How to read the charts: black line and dots, observed; grey dashes, model fit; blue line, "
    "median forecast; blue shades from dark to light, the 50%/80%/95% intervals; red diamond, "
    "the target (red dotted line: its deadline); orange ring, the latest monthly figure of the "
    "current year.",
    "The plan's split of each city target over the districts, beside the equal-risk split of the "
    "same total (every district meets its share with the same probability, as high as it can be) "
    "and what each district is expected to deliver; the probabilities come from the same "
    "simulated paths as the table of every target (attain allocate).",
};
