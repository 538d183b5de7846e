/* Draws the page's charts (core/partials/chart.html) with the vendored ECharts.

   Each chart's spec (fazhi.core.charts.Chart.spec) is a JSON script element next to its
   container. A click on a bar, point, slice or region opens the records behind it;
   下载图片 saves the chart, titled, as a PNG. Nothing is fetched: a map's regions come with
   the spec (no tile server). Tooltips are drawn on the canvas, not as HTML, because the
   site's CSP refuses the inline style attributes ECharts' HTML tooltips carry. */
(function () {
  "use strict";

  if (typeof window.echarts === "undefined") {
    return; // the table beside each chart still shows every figure
  }
  var echarts = window.echarts;
  // The site's colours (fazhi.css): blue first, then the red of the header, then the rest.
  var PALETTE = ["#1f5fa8", "#b3261e", "#1d7a3a", "#9a6700", "#6b4fa3", "#0f7c8c", "#5f6b76"];
  var MAP_COLOURS = ["#fbeaea", "#8c1d17"];
  var INK = "#1f2328";
  // As fazhi.core.charts.figure_text writes them: 12,345 and 1,234.5.
  var numbers = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

  function figure(value) {
    return numbers.format(value);
  }

  function withUnit(spec) {
    return function (value) {
      return figure(value) + spec.unit;
    };
  }

  function axisOption(spec, stacked) {
    var line = spec.kind === "line";
    return {
      grid: { left: 8, right: 16, top: 28, bottom: spec.series.length > 1 ? 40 : 8, containLabel: true },
      legend: { show: spec.series.length > 1, type: "scroll", bottom: 0 },
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: withUnit(spec) },
      xAxis: {
        type: "category",
        data: spec.categories,
        boundaryGap: !line,
        axisLabel: { hideOverlap: true, overflow: "truncate", width: 96 },
      },
      yAxis: {
        type: "value",
        name: spec.unit,
        minInterval: 1,
        axisLabel: { formatter: figure },
      },
      series: spec.series.map(function (s) {
        return {
          type: line ? "line" : "bar",
          name: s.name,
          data: s.values,
          stack: stacked ? "total" : undefined,
          barMaxWidth: 48,
          emphasis: { focus: spec.series.length > 1 ? "series" : "none" },
        };
      }),
    };
  }

  function pieOption(spec) {
    var s = spec.series[0];
    return {
      legend: { type: "scroll", bottom: 0 },
      tooltip: { trigger: "item", renderMode: "richText", valueFormatter: withUnit(spec) },
      series: [
        {
          type: "pie",
          name: s.name,
          radius: ["30%", "60%"],
          center: ["50%", "48%"],
          avoidLabelOverlap: true,
          label: { formatter: "{b}\n{d}%" },
          data: spec.categories.map(function (name, i) {
            return { name: name, value: s.values[i] };
          }),
        },
      ],
    };
  }

  function mapOption(spec) {
    var s = spec.series[0];
    var max = Math.max.apply(null, [1].concat(s.values));
    echarts.registerMap(spec.key, spec.geojson);
    return {
      tooltip: { trigger: "item", renderMode: "richText", valueFormatter: withUnit(spec) },
      visualMap: {
        type: "continuous",
        min: 0,
        max: max,
        orient: "horizontal",
        left: "left",
        bottom: 0,
        itemWidth: 12,
        itemHeight: 120,
        text: [figure(max) + spec.unit, "0"],
        calculable: false,
        inRange: { color: MAP_COLOURS },
      },
      series: [
        {
          type: "map",
          map: spec.key,
          name: s.name,
          roam: false,
          selectedMode: false,
          // All four sides: the map then fits inside, keeping its shape.
          left: 8,
          right: 8,
          top: 8,
          bottom: 48,
          label: { show: true, color: INK },
          itemStyle: { borderColor: "#fff", borderWidth: 1 },
          emphasis: { label: { color: INK }, itemStyle: { areaColor: "#f2c94c" } },
          data: spec.categories.map(function (name, i) {
            return { name: name, value: s.values[i] };
          }),
        },
      ],
    };
  }

  function option(spec, fontFamily) {
    var kinds = {
      bar: function () { return axisOption(spec, false); },
      stacked_bar: function () { return axisOption(spec, true); },
      line: function () { return axisOption(spec, false); },
      pie: function () { return pieOption(spec); },
      map: function () { return mapOption(spec); },
    };
    var result = kinds[spec.kind]();
    result.color = PALETTE;
    result.textStyle = { fontFamily: fontFamily, color: INK };
    // Shown only in the downloaded picture: on the page the figure's caption says it.
    result.title = {
      show: false,
      text: spec.caption,
      left: "center",
      top: 12,
      textStyle: { fontFamily: fontFamily, fontSize: 14, color: INK },
    };
    return result;
  }

  // The records behind a clicked bar, point, slice or region: the URL of its category.
  function urlOf(spec, params) {
    if (params.componentType !== "series") {
      return null;
    }
    var series = spec.series[spec.kind === "pie" || spec.kind === "map" ? 0 : params.seriesIndex];
    var index = spec.categories.indexOf(params.name);
    return series && index >= 0 ? series.urls[index] : null;
  }

  function pngBlob(dataUrl) {
    var bytes = atob(dataUrl.split(",")[1]);
    var buffer = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) {
      buffer[i] = bytes.charCodeAt(i);
    }
    return new Blob([buffer], { type: "image/png" });
  }

  // The picture is drawn again off the page with its title shown and no animation, so the
  // chart on the page does not flicker and the file never catches a half-drawn frame.
  function savePicture(chart, spec, fontFamily) {
    var copy = echarts.init(document.createElement("div"), null, {
      renderer: "canvas",
      width: Math.max(chart.getWidth(), 480),
      height: chart.getHeight() + 48,
    });
    var picture = option(spec, fontFamily);
    picture.animation = false;
    picture.title.show = true;
    if (picture.grid) {
      picture.grid.top = 64;
    }
    if (spec.kind === "map") {
      picture.series[0].top = 56;
    }
    if (spec.kind === "pie") {
      picture.series[0].center = ["50%", "55%"];
    }
    copy.setOption(picture);
    var dataUrl = copy.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    copy.dispose();
    var link = document.createElement("a");
    link.href = URL.createObjectURL(pngBlob(dataUrl));
    link.download = spec.title.replace(/[\\/:*?"<>|]/g, "_") + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function draw(container) {
    var spec = JSON.parse(document.getElementById(container.dataset.chartSpec).textContent);
    var fontFamily = window.getComputedStyle(container).fontFamily;
    var chart = echarts.init(container, null, { renderer: "canvas" });
    chart.setOption(option(spec, fontFamily));
    chart.on("click", function (params) {
      var url = urlOf(spec, params);
      if (url) {
        window.location.assign(url);
      }
    });
    var box = container.closest("figure");
    var button = box && box.querySelector("[data-chart-download]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        savePicture(chart, spec, fontFamily);
      });
    }
    return chart;
  }

  var charts = Array.prototype.map.call(document.querySelectorAll("[data-chart-spec]"), draw);
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (chart) { chart.resize(); });
    }, 100);
  });
})();
