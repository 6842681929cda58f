// Job: the public face of the QEMU runner library; import from here.
export { launch, defaultBoard, type LaunchOptions } from './launch.ts';
export { withQemu } from './with-qemu.ts';
export {
  QemuInstance,
  type ChannelName,
  type UartPorts,
  type RunResult,
  type GdbStub,
  type ChannelExpectOptions,
} from './qemu-instance.ts';
export { TcpChannel } from './tcp-channel.ts';
export { TextChannel, type Pattern, type ExpectOptions, defaultExpectTimeoutMs } from './text-channel.ts';
export {
  boardProfile,
  loadBoardProfile,
  qemuMemoryBytes,
  repoRoot,
  type BoardProfile,
} from './board-profile.ts';
export {
  buildQemuCommand,
  formatCommand,
  icountArgument,
  type IcountSetting,
  type QemuCommand,
} from './command-line.ts';
export { listeningPortsOf, processExists } from './listening-sockets.ts';
export { registeredPids } from './process-reaper.ts';
export { resumeThroughMonitor, monitorArguments } from './monitor.ts';
