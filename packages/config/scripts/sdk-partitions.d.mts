export interface SdkPartition {
  id: string;
  dnsSuffix: string;
  dualStackDnsSuffix: string;
  implicitGlobalRegion: string;
  regionRegex: string;
  regions: Array<[code: string, description: string]>;
}
export function readSdkPartitions(): { source: string; partitions: SdkPartition[] };
