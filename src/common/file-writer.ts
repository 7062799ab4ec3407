import * as fs from 'fs';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'worker_threads';
import { ValidationError } from './errors';

/**
 * Writes files for a synchronous synthesis, on a second thread when there are many.
 *
 * Creating a file costs the disk a journal entry: on a virtual machine under write-back that is 0.3 to 0.9 ms a
 * file, so an App of 1,000 charts spent up to a second creating its files, one after another, while the CPU waited.
 * Past `threshold` files, a worker thread creates and writes them while synthesis goes on printing the next charts;
 * `finish()` waits (synchronously: `app.synth()` is synchronous) until every file is written, and throws the first
 * error a write met, as a synchronous write would have (later files may be written by then, as they would be by a
 * parallel `cdk8s synth`). Below the threshold, files are written in place: a thread is not worth its start.
 *
 * A synthesis that knows its file names early can `reserve()` them: the thread creates the ones that do not exist
 * yet, empty, while the App is still being validated, so that writing them later only replaces their content
 * (creating a file is the expensive part). Reserved files that were not written by `finish()` or `abort()` (a
 * synthesis that failed, or chose other names) are deleted again, so the folder ends as if nothing was reserved.
 */
export class FileWriter {
  private worker?: BackgroundWriter;
  private count = 0;

  public constructor(private readonly threshold: number) {}

  /**
   * Creates `files` that do not exist yet, empty, on the writer thread; the ones not written by the end are
   * deleted again. Never fails: a file that cannot be created fails when it is written.
   */
  public reserve(files: readonly string[]): void {
    if (files.length === 0) return;
    this.worker ??= new BackgroundWriter();
    this.worker.reserve(files);
  }

  /** Writes `text` to `file` (now, or on the writer thread). */
  public write(file: string, text: string): void {
    this.count++;
    if (this.worker === undefined && this.count <= this.threshold) {
      fs.writeFileSync(file, text, { encoding: 'utf8' });
      return;
    }
    this.worker ??= new BackgroundWriter();
    this.worker.write(file, text);
  }

  /** Returns once every file is written; throws the first error a background write met. */
  public finish(): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.finish();
  }

  /** After a failure: waits for the files under way and deletes unwritten reservations, reporting nothing. */
  public abort(): void {
    try {
      this.finish();
    } catch {
      // the failure being reported is the one that stopped the synthesis
    }
  }
}

/**
 * The thread's code: write each file it is sent, count it in shared memory, report the first error on its port;
 * create reserved files that do not exist yet, and delete the ones never written when told the writes are over.
 */
const WORKER_SOURCE = `
const fs = require('fs');
const { parentPort, workerData } = require('worker_threads');
const { counter, port } = workerData;
let failed = false;
const reserved = new Set();
parentPort.on('message', ({ file, text, reserve, release }) => {
  if (reserve) {
    for (const f of reserve) {
      try {
        fs.closeSync(fs.openSync(f, 'wx'));
        reserved.add(f);
      } catch {
        // it exists (left as it is until written) or cannot be created (its write will say why)
      }
    }
  } else if (release) {
    for (const f of reserved) {
      try {
        fs.rmSync(f, { force: true });
      } catch {
        // an empty file left behind is all that can go wrong here
      }
    }
    reserved.clear();
  } else if (!failed) {
    try {
      fs.writeFileSync(file, text, { encoding: 'utf8' });
      reserved.delete(file);
    } catch (error) {
      failed = true;
      // the error itself (structured clone keeps its name, message and stack) and its code, which the clone drops
      port.postMessage({ error, code: error && error.code });
    }
  }
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
`;

/** How long the writer thread may go without finishing a file before synthesis gives up on it. */
const STALL_MS = 60_000;

class BackgroundWriter {
  private readonly worker: Worker;
  private readonly counter = new Int32Array(new SharedArrayBuffer(4));
  private readonly errors: MessagePort;
  private sent = 0;

  public constructor() {
    const { port1, port2 } = new MessageChannel();
    this.errors = port1;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { counter: this.counter, port: port2 }, transferList: [port2] });
    // a synthesis that fails before finish() must not keep the process alive
    this.worker.unref();
  }

  public write(file: string, text: string): void {
    this.worker.postMessage({ file, text });
    this.sent++;
  }

  public reserve(files: readonly string[]): void {
    this.worker.postMessage({ reserve: files });
    this.sent++;
  }

  public finish(): void {
    // reservations nothing wrote are deleted before the last count
    this.worker.postMessage({ release: true });
    this.sent++;
    try {
      for (let done = Atomics.load(this.counter, 0); done < this.sent; done = Atomics.load(this.counter, 0)) {
        // a thread that stops counting (killed, out of memory) must not hang the synthesis
        if (Atomics.wait(this.counter, 0, done, STALL_MS) === 'timed-out' && Atomics.load(this.counter, 0) === done) {
          throw new ValidationError(`Synthesis.synth: the thread writing the output files wrote nothing for ${STALL_MS / 1000} s `
            + `(${done} of ${this.sent} files written); check that the output folder is writable and not on a stalled file system`);
        }
      }
      const failure = receiveMessageOnPort(this.errors)?.message as { error: Error; code?: string } | undefined;
      if (failure === undefined) return;
      const error = failure.code === undefined ? failure.error : Object.assign(failure.error, { code: failure.code });
      throw error;
    } finally {
      this.errors.close();
      void this.worker.terminate();
    }
  }
}
