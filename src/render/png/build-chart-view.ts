import { type Loader, loader, parse, type Runtime, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { SHIPPED_FONT_STACK } from './shipped-fonts.ts';
import { installVegaTextMetrics, preloadFonts } from './text-metrics.ts';

/** Charts carry their data inline; nothing is fetched from files or the network. */
const refuse = (): Promise<never> => Promise.reject(new Error('charts render from inline data only'));
const REFUSING_LOADER: Loader = { ...loader(), load: refuse, sanitize: refuse };

/**
 * Parsed vega runtimes by the JSON of their Vega-Lite spec. Compiling and parsing is about half of
 * vega's share of a render; a chart drawn again (the same digest for several channels, a button
 * pressed twice) reuses it. A runtime is a description, and each View builds its own dataflow from it.
 */
const RUNTIME_CACHE_LIMIT = 32;
const runtimes = new Map<string, Runtime>();

function runtimeFor(spec: TopLevelSpec): Runtime {
  const key = JSON.stringify(spec);
  let runtime = runtimes.get(key);
  if (runtime === undefined) {
    // Defaults: the shipped fonts, on white. A spec's own config (the chart theme) wins.
    const { spec: vegaSpec } = compile(spec, { config: { font: SHIPPED_FONT_STACK, background: '#ffffff' } });
    runtime = parse(vegaSpec);
    if (runtimes.size >= RUNTIME_CACHE_LIMIT) runtimes.delete(runtimes.keys().next().value!);
  } else {
    runtimes.delete(key); // re-inserted below: most recently used last
  }
  runtimes.set(key, runtime);
  return runtime;
}

let prepared = false;

/**
 * Compiles a Vega-Lite spec and runs it in a headless vega View (renderer 'none') laid out with
 * the shipped fonts' real text widths. The caller owns the view: `finalize()` it when done.
 */
export async function buildChartView(spec: TopLevelSpec): Promise<View> {
  if (!prepared) {
    installVegaTextMetrics();
    preloadFonts();
    prepared = true;
  }
  const view = new View(runtimeFor(spec), { renderer: 'none', loader: REFUSING_LOADER });
  await view.runAsync();
  return view;
}
