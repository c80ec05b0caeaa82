/** Chart maths shared by the site's figures and the API's SVG charts: number format, axes, ticks and paths. */

export { type Axis, type AxisOptions, linearAxis, linePath, logAxis, logTicks } from './axes.ts';
export { type FormatOptions, formatNumber, parseFormatted } from './format.ts';
