import { isUuid } from '../common/ids';
import type { Context } from '../common/request/context';
import type { NodeSource } from '../common/module';

let sources: NodeSource[] = [];

export function registerNodeSources(list: NodeSource[]): void {
  sources = list;
}

/** node(id): ids are random UUIDs unique across types, so each node table is asked in turn. */
export async function resolveNode(id: string, ctx: Context): Promise<object | null> {
  if (!isUuid(id)) return null;
  for (const source of sources) {
    const found = await ctx.em.findOne(source.entity as new () => object, { id } as never);
    if (found) {
      const visible = source.visible ? await source.visible(found, ctx) : true;
      return visible ? found : null;
    }
  }
  return null;
}
