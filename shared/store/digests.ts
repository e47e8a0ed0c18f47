/**
 * Director General digests, kept per administration (one partition each, sorted by period start)
 * so the latest and the past ones can be fetched again.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { periodFromId, summarise, type Digest, type DigestSummary } from '../domain/digest.ts';
import { projection, type Db, type Page, type PageRequest } from './db.ts';
import { strip } from './history.ts';
import { key } from './keys.ts';

const SUMMARY_FIELDS = ['pk', 'sk', 'id', 'administrationId', 'frequency', 'period', 'language', 'generatedAt', 'recipient', 'subject', 'counts'];
const SUMMARY_PROJECTION = projection(SUMMARY_FIELDS, 's');

export class Digests {
  constructor(private readonly db: Db) {}

  /**
   * Stores a digest unless one exists for its period already; returns the stored one either way,
   * so a retried run mails exactly what the first run kept.
   */
  async keep(digest: Digest): Promise<{ digest: Digest; created: boolean }> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          // The counts ride along so a list page need not read the (larger) content.
          Item: { ...key.digest(digest.administrationId, digest.period.start, digest.id), entity: 'digest', ...digest, counts: summarise(digest).counts },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { digest, created: true };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await this.get(digest.administrationId, digest.id);
      if (!existing) throw error;
      return { digest: existing, created: false };
    }
  }

  async get(administrationId: string, id: string): Promise<Digest | undefined> {
    const period = periodFromId(id);
    if (!period) return undefined;
    const item = await this.db.get(key.digest(administrationId, period.start, id));
    return item ? strip<Digest>(item, ['counts']) : undefined;
  }

  async latest(administrationId: string): Promise<Digest | undefined> {
    const item = await this.db.first(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': this.partition(administrationId) }, ScanIndexForward: false },
      { name: 'pk', value: this.partition(administrationId) },
    );
    return item ? strip<Digest>(item, ['counts']) : undefined;
  }

  /** Newest first. */
  async list(administrationId: string, page: PageRequest): Promise<Page<DigestSummary>> {
    const pk = this.partition(administrationId);
    const out = await this.db.queryPage(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false, ...SUMMARY_PROJECTION },
      page,
      { name: 'pk', value: pk },
    );
    return { items: out.items.map((i) => strip<DigestSummary>(i)), nextCursor: out.nextCursor };
  }

  private partition(administrationId: string): string {
    return key.digest(administrationId, '', '').pk;
  }
}
