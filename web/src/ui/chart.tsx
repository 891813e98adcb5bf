import { useEffect, useId, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { type CsvCell, saveCsvFile, toCsv } from '../reports/csv.js';
import './chart.css';

type EChartsModule = typeof import('echarts/core');

let echartsLoading: Promise<EChartsModule> | null = null;

/**
 * echarts is several hundred kilobytes: it is fetched the first time a chart is drawn, in a chunk
 * of its own (chart-engine.ts registers the chart kinds and components used, SVG renderer), so
 * pages without charts never pay for it.
 */
function loadECharts(): Promise<EChartsModule> {
  echartsLoading ??= import('./chart-engine.js').then((engine) => engine.echarts);
  return echartsLoading;
}

/** A chart's data as a table: the heading row first, then one row per point. */
export interface ChartData {
  columns: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

/**
 * A chart drawn by echarts with a visible title, a description screen readers get in place of the
 * drawing, and a "Download CSV" of the very figures it plots.
 */
export function Chart(props: {
  /** Shown above the chart and used as its accessible name. */
  title: string;
  /** What the chart shows, read by screen readers (the drawing itself is hidden from them). */
  description: string;
  /** The echarts option: series, axes, tooltip. */
  option: EChartsCoreOption;
  /** The plotted figures, offered as CSV. */
  data: ChartData;
  /** The file name of the CSV, without extension. */
  fileName: string;
  height?: number;
}) {
  const { option, height = 240 } = props;
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    let disposed = false;
    let chart: ReturnType<EChartsModule['init']> | undefined;
    let resizing: ResizeObserver | undefined;
    loadECharts().then(
      (echarts) => {
        if (disposed || !container.current) return;
        chart = echarts.init(container.current, undefined, { renderer: 'svg' });
        chart.setOption({ animation: false, aria: { enabled: false }, ...option });
        resizing = new ResizeObserver(() => chart?.resize());
        resizing.observe(container.current);
      },
      () => !disposed && setFailed(true),
    );
    return () => {
      disposed = true;
      resizing?.disconnect();
      chart?.dispose();
    };
  }, [option]);

  return (
    <figure className="chart" aria-labelledby={titleId} aria-describedby={descriptionId}>
      <div className="chart-header">
        <figcaption id={titleId} className="chart-title">
          {props.title}
        </figcaption>
        <button
          type="button"
          className="button button-small"
          onClick={() => downloadCsv(props.fileName, [props.data.columns, ...props.data.rows])}
          disabled={props.data.rows.length === 0}
          aria-label={`Download CSV: ${props.title}`}
        >
          Download CSV
        </button>
      </div>
      <p id={descriptionId} className="visually-hidden">
        {props.description}
      </p>
      {failed ? (
        <p className="muted">The chart could not be loaded; its figures are in the CSV.</p>
      ) : (
        <div ref={container} className="chart-canvas" style={{ height }} aria-hidden="true" />
      )}
    </figure>
  );
}

/** Saves rows as `<fileName>.csv`. */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[]): void {
  saveCsvFile(toCsv(rows), `${fileName}.csv`);
}
