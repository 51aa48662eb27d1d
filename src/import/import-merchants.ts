import { upsertRows } from '../db/bulk-rows.ts';
import { checkDay, checkKey, checkLength, checkOneOf, checkWorkspace } from './check-values.ts';
import { rowImporter } from './file-importer.ts';

export const MERCHANT_KINDS = ['technical', 'non_technical'] as const;

interface MerchantRow {
  workspace_id: string;
  merchant_id: string;
  name: string;
  kind: string;
  onboarded_on: string;
}

export const importMerchants = rowImporter<MerchantRow>({
  file: 'merchants.csv',
  columns: ['workspace_id', 'merchant_id', 'name', 'kind', 'onboarded_on'],
  parseRow(values, context) {
    return {
      workspace_id: checkWorkspace(values, context.workspaces),
      merchant_id: checkKey(values, 'merchant_id', 128),
      name: checkLength(values.name ?? '', 'name', 255),
      kind: checkOneOf(values, 'kind', MERCHANT_KINDS),
      onboarded_on: checkDay(values, 'onboarded_on', context.days),
    };
  },
  async writeBatch(rows, context) {
    await upsertRows(context.trx, 'merchants', rows, ['workspace_id', 'merchant_id'], ['name', 'kind', 'onboarded_on']);
  },
});
