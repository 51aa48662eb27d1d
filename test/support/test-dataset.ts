import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Dataset, type DatasetOptions, generateDataset } from '../../src/generate/generate-dataset.ts';
import { writeDatasetCsv } from '../../src/generate/write-dataset-csv.ts';

/** Small but awkward: names that sort differently by code unit and code point, ties, empty sources. */
export const TEST_DATASET_OPTIONS: DatasetOptions = {
  seed: 7,
  endDay: '2026-10-15',
  days: 45,
  apps: 3,
  miniPrograms: 70,
  users: 400,
  merchants: 150,
  activeShare: 0.15,
  trickyNames: true,
};

/** Generates a data set and writes its CSV files into a new temporary folder. */
export async function writeTestDataset(options: Partial<DatasetOptions> = {}): Promise<{ dataset: Dataset; dir: string }> {
  const dataset = generateDataset({ ...TEST_DATASET_OPTIONS, ...options });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-csv-'));
  await writeDatasetCsv(dataset, dir);
  return { dataset, dir };
}
