/* Draws the charts a page declares: <div class="chart" data-kind="…" data-chart="{json}">.
   Own file, no inline script (the site's Content-Security-Policy forbids them). The numbers are
   also in a table beside each chart, so nothing here is the only way to read them. */
(function () {
  "use strict";
  var palette = ["#0b4f9c", "#2f8f5b", "#c77c0e", "#8e3b8e", "#a61b1b", "#4a5260", "#1f8fa6"];

  function bars(data) {
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.values }]
    };
  }

  function stack(data) {
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 32 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", data: s.values.map(Number) };
      })
    };
  }

  function funnel(data) {
    return {
      color: palette,
      tooltip: { trigger: "item", formatter: "{b}：{c}家" },
      series: [{
        type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "20%",
        label: { show: true, position: "inside", formatter: "{b} {c}" },
        data: data.labels.map(function (label, i) { return { name: label, value: data.values[i] }; })
      }]
    };
  }

  function target(data) {
    var years = data.years.slice();
    var actual = data.values.slice();
    var low = years.map(function () { return null; });
    var high = low.slice();
    if (data.projection) {
      var last = years.length - 1;
      if (data.projection.year !== years[last]) {
        years.push(data.projection.year);
        actual.push(null);
        low.push(null);
        high.push(null);
      }
      if (last >= 0) { low[last] = actual[last]; high[last] = actual[last]; }
      low[years.length - 1] = data.projection.low;
      high[years.length - 1] = data.projection.high;
    }
    return {
      color: palette,
      title: { text: data.title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 48 },
      xAxis: { type: "category", data: years },
      yAxis: { type: "value", scale: true },
      series: [
        { name: "实际", type: "line", data: actual, connectNulls: false },
        { name: "预测低值", type: "line", data: low, connectNulls: true, lineStyle: { type: "dashed" } },
        { name: "预测高值", type: "line", data: high, connectNulls: true, lineStyle: { type: "dashed" } }
      ]
    };
  }

  var kinds = { bar: bars, stack: stack, funnel: funnel, target: target };

  function draw(root) {
    if (typeof echarts === "undefined") { return; }
    root.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var make = kinds[el.dataset.kind];
      if (!make) { return; }
      var chart = echarts.init(el);
      chart.setOption(make(JSON.parse(el.dataset.chart)));
      el.dataset.drawn = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.detail.elt); });
})();
