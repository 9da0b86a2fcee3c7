reset session
set encoding utf8
set terminal pngcairo size 2400,1500 noenhanced background '#ffffff' font 'Noto Sans CJK SC,11' fontscale 3 linewidth 2
PS = 1
set output 'charts/dashboard.png'
set border 3 lc rgb '#444444'
set tics nomirror out
set grid ytics lc rgb '#d9d9d9' lw 0.6 dt 1
set key opaque box lc rgb '#bbbbbb'
set style fill solid 1.0 noborder
set label 98 '目标达成概率一览' at screen 0.5, screen 0.9614814815 center front font ',15'
set label 99 '数据截至 2023 年' at screen 0.01,0.025 left font ',8' tc rgb '#555555'
set xlabel '达成概率'
set xrange [0:112]
set yrange [-0.7:4.7]
set xtics ('0%%' 0, '20%%' 20, '40%%' 40, '60%%' 60, '80%%' 80, '100%%' 100)
set grid noytics xtics
set bmargin 7
set tmargin 6
set key at screen 0.5, screen 0.9318518519 center top horizontal reverse Left samplen 1.5 font ',10'
set ytics ('盘锦市 · 科技型中小企业 · 2025' 4, \
  '兴隆台区 · 高新技术企业 · 2021' 3, \
  '盘锦市 · 众创空间 · 2025' 2, \
  '盘锦市 · 孵化器 · 2025' 1, \
  '盘锦市 · 高新技术企业 · 2025' 0) font ',10'
set arrow 1 from 80, graph 0 to 80, graph 1 nohead dt 2 lw 1.5 lc rgb '#1a9850'
set arrow 2 from 50, graph 0 to 50, graph 1 nohead dt 2 lw 1.5 lc rgb '#f39c12'
set label 11 '80%' at 80, graph 1 center offset 0,0.8 tc rgb '#1a9850'
set label 12 '50%' at 50, graph 1 center offset 0,0.8 tc rgb '#f39c12'
$s0 << EOD
4 91
3 85
EOD
$s1 << EOD
2 66
EOD
$s2 << EOD
1 42
0 27
EOD
plot $s0 using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror fc rgb '#1a9850' title '有望完成（≥80%）', \
  $s1 using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror fc rgb '#f39c12' title '有风险（50%–80%）', \
  $s2 using ($2/2):1:(0):2:($1-0.36):($1+0.36) with boxxyerror fc rgb '#d73027' title '落后（<50%）', \
  $s0 using ($2+1.2):1:($2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%') with labels left font ',10' notitle, \
  $s1 using ($2+1.2):1:($2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%') with labels left font ',10' notitle, \
  $s2 using ($2+1.2):1:($2 > 0 && $2 < 1 ? '<1%' : gprintf('%.0f', floor($2 + 1e-7)).'%') with labels left font ',10' notitle
unset multiplot
unset output
