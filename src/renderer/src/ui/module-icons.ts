import type { ComponentType } from 'react';
import {
  IconActivity,
  IconBolt,
  IconCalendar,
  IconChartBar,
  IconChartLine,
  IconClock,
  IconCode,
  IconDatabase,
  IconFileText,
  IconFolder,
  IconGauge,
  IconGlobe,
  IconHome,
  IconKey,
  IconList,
  IconLock,
  IconNetwork,
  IconPackage,
  IconPlug,
  IconPuzzle,
  IconSearch,
  IconServer,
  IconShield,
  IconSliders,
  IconSparkles,
  IconTable,
  IconTag,
  IconTerminal,
  IconUpload,
  IconUsers,
  type IconProps,
} from './icons';

/**
 * Icon names a manifest may give its sidebar items, with the Lucide names and common
 * synonyms authors reach for. An unknown name gets the puzzle piece, the mark of a module.
 */
const ICONS: Record<string, ComponentType<IconProps>> = {
  activity: IconActivity,
  pulse: IconActivity,
  bolt: IconBolt,
  zap: IconBolt,
  power: IconBolt,
  energy: IconBolt,
  calendar: IconCalendar,
  'chart-bar': IconChartBar,
  'bar-chart': IconChartBar,
  'chart-column': IconChartBar,
  chart: IconChartBar,
  'chart-line': IconChartLine,
  'line-chart': IconChartLine,
  trend: IconChartLine,
  clock: IconClock,
  history: IconClock,
  time: IconClock,
  code: IconCode,
  database: IconDatabase,
  db: IconDatabase,
  file: IconFileText,
  'file-text': IconFileText,
  report: IconFileText,
  invoice: IconFileText,
  folder: IconFolder,
  gauge: IconGauge,
  meter: IconGauge,
  globe: IconGlobe,
  web: IconGlobe,
  home: IconHome,
  house: IconHome,
  key: IconKey,
  list: IconList,
  lock: IconLock,
  network: IconNetwork,
  package: IconPackage,
  plug: IconPlug,
  puzzle: IconPuzzle,
  module: IconPuzzle,
  search: IconSearch,
  server: IconServer,
  shield: IconShield,
  settings: IconSliders,
  sliders: IconSliders,
  sparkles: IconSparkles,
  star: IconSparkles,
  table: IconTable,
  tag: IconTag,
  terminal: IconTerminal,
  upload: IconUpload,
  users: IconUsers,
  clients: IconUsers,
};

export function moduleIcon(name: string | undefined): ComponentType<IconProps> {
  if (!name) return IconPuzzle;
  const key = name
    .trim()
    .toLowerCase()
    .replace(/^(lucide[-:])?/, '')
    .replace(/[\s_]+/g, '-');
  return ICONS[key] ?? IconPuzzle;
}
