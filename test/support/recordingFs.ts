import { nodeFileSystem, type AcpFileSystem } from '../../src/acp/fileSystem';

/** The agent's fs requests, served from disk and recorded, so tests can assert ours were used. */
export class RecordingFs implements AcpFileSystem {
  readonly calls: string[] = [];
  readTextFile(req: Parameters<AcpFileSystem['readTextFile']>[0]) {
    this.calls.push(`read ${req.path}`);
    return nodeFileSystem.readTextFile(req);
  }
  writeTextFile(req: Parameters<AcpFileSystem['writeTextFile']>[0]) {
    this.calls.push(`write ${req.path}`);
    return nodeFileSystem.writeTextFile(req);
  }
}
