/**
 * The kernel's own file systems (/proc, /sys and the like): their files change as they are read
 * and they hold links to the whole machine (/proc/N/root is /, /proc/N/cwd a folder anywhere), so
 * a walk of one never ends. `ssdp run` with an output `/proc/self` spun at 100% CPU for ten
 * minutes, deaf to Ctrl-C, holding the run lock (tester s20 try8q Q9). No place for data.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

// f_type magic numbers (linux/magic.h)
const KERNEL_FS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
]);

/** The name of the kernel file system `path` is on (proc, sysfs, ...), undefined for any other or when it cannot be read. */
export function kernelFileSystem(path: string | Buffer): string | undefined {
  try {
    return KERNEL_FS.get(Number(statfsSync(path).type));
  } catch {
    return undefined;
  }
}

/** kernelFileSystem of `path`, or of its nearest folder that exists (a path not made yet). */
export function kernelFileSystemOf(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    try {
      return KERNEL_FS.get(Number(statfsSync(at).type));
    } catch {
      if (dirname(at) === at) return undefined;
    }
  }
}
