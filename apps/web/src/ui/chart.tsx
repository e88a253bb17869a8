/**
 * An ECharts chart on a div: initialised on mount, resized with its box (ResizeObserver),
 * disposed on unmount, redrawn whole when the option changes. Only the chart types and
 * components the app uses are registered (modular imports keep the bundle lean); a page that
 * needs another one adds it here.
 *
 * Canvas pixels are not testable, so the container carries what a test can assert:
 * `data-points` (data points the caller drew) and `data-rendered` (true once ECharts finished).
 */
import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
>;

/** The app's font and a calm animation, under every chart's own option. */
const base: ChartOption = {
  animationDuration: 300,
  textStyle: {
    fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  },
};

export function Chart({
  option,
  height,
  points,
  label,
  testId,
}: {
  option: ChartOption;
  height: number;
  /** data points drawn, for tests and for people with screen readers (with `label`) */
  points: number;
  /** what the chart shows, in words */
  label: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'canvas' });
    instance.on('finished', () => {
      element.dataset.rendered = 'true';
    });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      delete element.dataset.rendered;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ ...base, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-points={points}
      style={{ width: '100%', height }}
    />
  );
}
