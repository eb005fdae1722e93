set terminal pngcairo size 1400,600 noenhanced
set output 'report.png'
set multiplot layout 1,2
set title 'Outcomes by fault type (s: supervised, b: baseline)'
set style data histograms
set style histogram rowstacked
set style fill solid border -1
set boxwidth 0.8
set xtics rotate by -60
set key outside top center horizontal font ',8'
set ylabel 'trials'
plot for [i=2:9] 'outcomes.dat' using i:xtic(1) title columnheader(i)
unset style
set xtics norotate
set key inside bottom right
set title 'Recovery latency CDF (supervised, recovered)'
set xlabel 'ms'
set ylabel 'fraction'
set logscale x
plot 'latency.dat' using 1:2 with steps title 'recovery'
unset multiplot
