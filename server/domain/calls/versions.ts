// Which version of a flow a call ran on, from the flow's history.

export type FlowVersions = {
  flowId: string;
  accountId: string;
  /** The flow's version now, for a flow whose history holds no revision. */
  currentVersion: number;
  /** Its revisions, oldest first, each live from its createdAt until the next one's. */
  versions: { version: number; createdAt: Date }[];
};

/**
 * The version live at `startedAt`: the newest revision made at or before it. A call from before
 * the flow's first revision (a switch's clock behind ours, calls of a flow imported with its
 * history) ran on the first.
 */
export function versionLiveAt(flow: FlowVersions, startedAt: Date): number {
  let live = flow.versions[0]?.version ?? flow.currentVersion;
  for (const { version, createdAt } of flow.versions) {
    if (createdAt > startedAt) break;
    live = version;
  }
  return live;
}
