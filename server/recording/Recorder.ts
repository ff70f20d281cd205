// A running recording of one meeting: it keeps a part (PartWriter) for every microphone and screen sound in the
// room, and for the video the meeting looks at (shownVideo.ts), switching when the stage does. It looks at the
// room ten times a second rather than following events, so a camera turned off and on (a new producer), people
// leaving and joining, and an SFU worker that died and was replaced (new routers, new producers) all come down to
// the same thing: parts whose producer is gone are closed, new producers get new parts. What it has written is
// listed in `parts.json` beside the parts as it goes, so a server that stops mid-recording loses nothing on disk.
import { statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import type { MediaSource } from '../../common/media.ts';
import { logger } from '../log.ts';
import { PartListener, type PartCodec } from './PartListener.ts';
import { PartWriter, type PartRecord } from './PartWriter.ts';
import { ProducerWatch } from './ProducerWatch.ts';
import { chooseShownVideo, ShownLog, type PeerVideo, type ShownInterval, type ShownVideo } from './shownVideo.ts';

const log = logger('recording');
/**
 * How often the recorder looks at the room. A new producer (a camera back on, everything after an SFU worker
 * restart) is caught this much sooner — before its first keyframe has gone by, when it is quick enough — for a few
 * microseconds of work per look.
 */
const TICK_MS = 100;
const DISK_CHECK_MS = 5000;
/**
 * A spare ffmpeg is started this long after a part took the last one, so that its start-up does not share the CPU
 * with the new part's first seconds (the keyframe it waits for).
 */
const SPARE_DELAY_MS = 2000;
/** How long a new router is looked for after a part ended (an SFU worker restart makes one in ~0.1 s). */
const PREPARE_SOON_MS = 3000;
/** A room nobody has been in for this long is not worth recording on: the recording stops. */
const EMPTY_STOP_MS = 5 * 60_000;
const AUDIO_SOURCES: readonly MediaSource[] = ['mic', 'screenAudio'];

/** A participant as the recorder sees it: its producers (a Peer of the room is one). */
export interface RecordedPeer {
  readonly id: string;
  readonly closed: boolean;
  readonly producers: ReadonlyMap<string, types.Producer>;
  /** Its transports (a Peer has them): watched, with the meeting's routers, for the producers made on them. */
  readonly transports?: ReadonlyMap<string, types.Transport>;
  producerFor(source: MediaSource): types.Producer | undefined;
}

/** The meeting's media room as the recorder sees it (a Room is one). */
export interface RecordedRoom {
  readonly peers: ReadonlyMap<string, RecordedPeer>;
  readonly activeSpeakerId: string | null;
  /** A router of the meeting with this producer on it, for the recorder's consumers. */
  routerWith(producerId: string): Promise<types.Router | null>;
  /** The meeting's routers (a Room has them): watched so that a new producer is recorded without waiting a look. */
  mediaRouters?(): readonly { readonly router: types.Router; readonly home: boolean }[];
}

/** What the recorder follows of a running meeting (its LiveMeeting is one): the room and what the stage shows. */
export interface RecordedMeeting {
  readonly meetingId: string;
  readonly room: RecordedRoom | null;
  readonly floor: { peerId: string } | null;
  readonly spotlightPeerId: string | null;
  readonly screenShare: { readonly sharer: { peerId: string } | null };
}

/** What a recording wrote: its parts and what was shown when (all times wall-clock ms). */
export interface RecordingManifest {
  startedAt: number;
  endedAt: number | null;
  parts: PartRecord[];
  shown: ShownInterval[];
  /** ffmpeg processes started ahead and not used yet (a restarted server stops those a crash left running). */
  spares?: { pid: number | null; file: string }[];
}

export interface RecorderOptions {
  live: RecordedMeeting;
  /** This recording's folder. */
  dir: string;
  ffmpeg: string;
  /** Read at every check: the free space below which the recording stops. */
  minFreeBytes(): number;
  /** The recording cannot go on (the disk is nearly full): the service stops it and tells everyone. */
  onDiskLow(): void;
  /** The room has been empty for a while (everyone left without stopping it). */
  onEmpty(): void;
  /** Every part ended at once with people still in the room (the SFU worker died), and a new part now runs. */
  onResumed(): void;
}

const isLive = (p: types.Producer | undefined): p is types.Producer => p !== undefined && !p.closed;

export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

export class Recorder {
  readonly manifest: RecordingManifest;
  readonly #o: RecorderOptions;
  readonly #parts = new Map<string, PartWriter>();
  /** Producers whose part is being opened (opening takes a few hundred ms). */
  readonly #opening = new Set<string>();
  /**
   * One ffmpeg of each kind started ahead and listening (PartListener.ts): the next part of that kind takes it, so
   * a switch to a camera not yet recorded, or everything after an SFU worker restart, waits for no ffmpeg start-up.
   */
  readonly #spares = new Map<PartCodec['kind'], PartListener>();
  readonly #sparing = new Set<PartCodec['kind']>();
  /**
   * Videos opened as they were produced (#onNewProducer), before the room has them: it lists a producer once
   * mediasoup has made it, and the recorder hears of it within that (Room.ts). Until then their parts stay.
   */
  readonly #early = new Map<string, types.Producer>();
  /** Producers that could not be recorded: not tried again. */
  readonly #failed = new Set<string>();
  readonly #shown = new ShownLog();
  #choice: ShownVideo | null = null;
  #timer: NodeJS.Timeout | null = null;
  #ticking = false;
  #preparing = false;
  /** The meeting's routers and transports, watched for new producers (#onNewProducer). */
  readonly #watch = new ProducerWatch((router, producer) => this.#onNewProducer(router, producer));
  #lastDiskCheck = 0;
  #emptySince: number | null = null;
  /** All parts ended while people were still in the room: the next part opened means the recording resumed. */
  #interrupted = false;
  #stopped = false;
  #partNumber = 0;
  #saving: Promise<void> = Promise.resolve();

  constructor(options: RecorderOptions) {
    this.#o = options;
    this.manifest = { startedAt: Date.now(), endedAt: null, parts: [], shown: this.#shown.intervals };
  }

  start(): void {
    this.#timer = setInterval(() => void this.#tick(), TICK_MS);
    void this.#tick();
  }

  /** Closes every part (ffmpeg finishes each file) and returns what was written. */
  async stop(): Promise<RecordingManifest> {
    // The recording ends when it is asked to, however long the parts then take to finish.
    const at = Date.now();
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    while (this.#ticking || this.#opening.size > 0) await new Promise((r) => setTimeout(r, 20));
    this.#shown.close(at);
    this.manifest.endedAt = at;
    for (const spare of this.#spares.values()) void spare.discard();
    this.#spares.clear();
    await Promise.all([...this.#parts.values()].map((part) => part.close()));
    this.#parts.clear();
    await this.#save();
    return this.manifest;
  }

  /**
   * The stage's own camera produced anew (after an SFU worker restart, or turned off and on) is opened here and now,
   * on its router, rather than at the next look: its consumer, forwarding at once, is asked for within mediasoup's
   * newproducer event, usually before the producer's first packets, so it gets the camera's first keyframe or one
   * asked for then (PartWriter.openAtOnce). Anything else, or without a spare whose transport is made on that
   * router, waits for the next look.
   */
  #onNewProducer(router: types.Router | null, producer: types.Producer): void {
    const { peerId, source } = producer.appData as { peerId?: string; source?: MediaSource };
    const choice = this.#choice;
    const peer = peerId === undefined ? undefined : this.#o.live.room?.peers.get(peerId);
    const spare = this.#spares.get('video');
    const replaces =
      !this.#stopped &&
      producer.kind === 'video' &&
      source === 'cam' &&
      choice?.source === 'cam' &&
      choice.peerId === peerId &&
      (choice.producerId === null || !this.#parts.has(choice.producerId));
    const transport = replaces && router && spare ? spare.readyRoute(router) : null;
    if (!transport || !router || !spare || !peer || !choice) return;
    this.#spares.delete('video');
    this.#early.set(producer.id, producer);
    this.#choice = { ...choice, producerId: producer.id };
    this.#shown.switchTo(producer.id, Date.now());
    this.#opening.add(producer.id);
    const path = join(this.#o.dir, `${String(++this.#partNumber).padStart(3, '0')}-cam`);
    const options = { router, producer, peerId: peer.id, source: 'cam' as const, path, spare };
    const opening = PartWriter.openAtOnce({ ...options, ffmpeg: this.#o.ffmpeg, onEnded: this.#ended }, transport);
    void this.#opened(opening, options);
  }

  /** Watches the meeting's routers and transports, and makes the spares' transports ahead on the home router. */
  #prepare(room: RecordedRoom): void {
    const routers = room.mediaRouters?.() ?? [];
    this.#watch.watch(
      routers,
      [...room.peers.values()].flatMap((p) => [...(p.transports?.values() ?? [])]),
    );
    const home = routers.find((r) => r.home)?.router;
    if (home) for (const spare of this.#spares.values()) spare.route(home);
  }

  /** A part ended, its SFU worker perhaps dead: the new router is prepared for before clients make transports on it. */
  #prepareSoon(): void {
    if (this.#preparing || this.#stopped) return;
    this.#preparing = true;
    void this.#watch
      .untilNewHome(() => this.#o.live.room?.mediaRouters?.() ?? [], PREPARE_SOON_MS)
      .then(() => {
        this.#preparing = false;
        const room = this.#o.live.room;
        if (room && !this.#stopped) this.#prepare(room);
      });
  }

  async #tick(): Promise<void> {
    if (this.#ticking || this.#stopped) return;
    this.#ticking = true;
    try {
      await this.#reconcile();
      if (Date.now() - this.#lastDiskCheck >= DISK_CHECK_MS) {
        this.#lastDiskCheck = Date.now();
        if ((await freeBytes(this.#o.dir)) < this.#o.minFreeBytes()) this.#o.onDiskLow();
      }
    } catch (error) {
      log.error(`${this.#o.live.meetingId}: recording step failed`, error);
    } finally {
      this.#ticking = false;
    }
  }

  async #reconcile(): Promise<void> {
    const room = this.#o.live.room;
    const peers = room ? [...room.peers.values()].filter((p) => !p.closed) : [];
    if (room) this.#prepare(room);
    this.#emptySince = peers.length > 0 ? null : (this.#emptySince ?? Date.now());
    if (this.#emptySince !== null && Date.now() - this.#emptySince >= EMPTY_STOP_MS) this.#o.onEmpty();
    // Parts whose producer has gone (closed, or its peer left) end.
    const present = new Set(peers.flatMap((p) => [...p.producers.values()].filter(isLive).map((x) => x.id)));
    for (const [id, producer] of this.#early) {
      if (present.has(id) || producer.closed) this.#early.delete(id);
      else present.add(id);
    }
    const had = this.#parts.size;
    for (const [id, part] of this.#parts) {
      if (!present.has(id) || part.closed) {
        this.#parts.delete(id);
        void part.close();
        this.#prepareSoon();
      }
    }
    if (had > 0 && this.#parts.size === 0 && peers.length > 0) this.#interrupted = true;
    for (const peer of peers) {
      for (const source of AUDIO_SOURCES) {
        const producer = peer.producerFor(source);
        if (isLive(producer)) this.#ensurePart(peer, producer, source);
      }
    }
    await this.#follow(peers);
  }

  /** Switches the shown video when the stage changed or the shown camera was replaced. */
  async #follow(peers: RecordedPeer[]): Promise<void> {
    const live = this.#o.live;
    const view = {
      sharerId: live.screenShare.sharer?.peerId ?? null,
      floorId: live.floor?.peerId ?? null,
      spotlightId: live.spotlightPeerId,
      activeSpeakerId: live.room?.activeSpeakerId ?? null,
    };
    const videos: PeerVideo[] = peers.map((peer) => {
      const cam = peer.producerFor('cam');
      const screen = peer.producerFor('screen');
      return {
        peerId: peer.id,
        cam: cam && !cam.closed && !cam.paused ? cam.id : null,
        screen: screen && !screen.closed ? screen.id : null,
      };
    });
    // A video opened before the room lists it is the one its peer shows meanwhile.
    for (const early of this.#early.values()) {
      const video = videos.find((v) => v.peerId === (early.appData as { peerId?: string }).peerId);
      if (video && video.cam === null) video.cam = early.id;
    }
    const choice = chooseShownVideo(view, videos, this.#choice);
    this.#choice = choice;
    const wanted = choice?.producerId ?? null;
    const current = this.#shown.current;
    const shownPart = wanted ? this.#parts.get(wanted) : undefined;
    const settled = wanted === null || shownPart !== undefined || this.#failed.has(wanted) || this.#opening.has(wanted);
    if (wanted === current && settled) return;
    if (current && current !== wanted)
      await this.#parts
        .get(current)
        ?.hide()
        .catch(() => undefined);
    this.#shown.switchTo(wanted, Date.now());
    if (!wanted || !choice) return;
    const peer = peers.find((p) => p.id === choice.peerId);
    const producer = peer?.producers.get(wanted);
    if (!peer || !isLive(producer)) return;
    const part = shownPart ?? (await this.#openPart(peer, producer, choice.source));
    await part?.show().catch((error: unknown) => log.warn(`${live.meetingId}: keyframe request failed`, error));
  }

  #ensurePart(peer: RecordedPeer, producer: types.Producer, source: MediaSource): void {
    if (this.#parts.has(producer.id) || this.#opening.has(producer.id) || this.#failed.has(producer.id)) return;
    void this.#openPart(peer, producer, source);
  }

  async #openPart(peer: RecordedPeer, producer: types.Producer, source: MediaSource): Promise<PartWriter | null> {
    const room = this.#o.live.room;
    if (!room || this.#stopped || this.#opening.has(producer.id) || this.#failed.has(producer.id)) return null;
    this.#opening.add(producer.id);
    const router = await room.routerWith(producer.id).catch(() => null);
    if (!router || this.#stopped) {
      this.#opening.delete(producer.id);
      return null;
    }
    const number = String(++this.#partNumber).padStart(3, '0');
    const spare = this.#spares.get(producer.kind) ?? null;
    this.#spares.delete(producer.kind);
    const options = { router, producer, peerId: peer.id, source, path: join(this.#o.dir, `${number}-${source}`) };
    const opening = PartWriter.open({ ...options, ffmpeg: this.#o.ffmpeg, spare, onEnded: this.#ended });
    return this.#opened(opening, { ...options, spare });
  }

  readonly #ended = (ended: PartWriter): void => {
    if (this.#parts.get(ended.record.id) === ended) this.#parts.delete(ended.record.id);
    void this.#save();
  };

  /** Takes in a part being opened (its producer in #opening): listed, kept, a new spare started. */
  async #opened(
    opening: Promise<PartWriter>,
    {
      producer,
      peerId,
      source,
      spare,
    }: { producer: types.Producer; peerId: string; source: MediaSource; spare: PartListener | null },
  ): Promise<PartWriter | null> {
    try {
      const part = await opening;
      this.manifest.parts.push(part.record);
      if (this.#stopped) {
        await part.close();
        return null;
      }
      this.#keepSpare(part.codec, spare === null ? 0 : SPARE_DELAY_MS);
      this.#parts.set(producer.id, part);
      if (this.#interrupted) {
        this.#interrupted = false;
        this.#o.onResumed();
      }
      // Listed on disk without holding up the part: the shown video waits for it, and writing parts.json took up to
      // 0.6 s on this machine's busy disk (measured after an SFU worker restart).
      void this.#save();
      return part;
    } catch (error) {
      this.#failed.add(producer.id);
      log.warn(`${this.#o.live.meetingId}: could not record ${source} of ${peerId}`, error);
      return null;
    } finally {
      this.#opening.delete(producer.id);
    }
  }

  /** Starts a spare ffmpeg like `codec` (after `delayMs`) unless one of its kind is there or on its way. */
  #keepSpare(codec: PartCodec, delayMs: number): void {
    const kind = codec.kind;
    const held = this.#spares.get(kind);
    if (this.#stopped || this.#sparing.has(kind) || (held?.alive && held.fits(codec))) return;
    this.#sparing.add(kind);
    void (async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      if (this.#stopped) return;
      const number = String(++this.#partNumber).padStart(3, '0');
      const path = join(this.#o.dir, `${number}-${kind}`);
      const spare = await PartListener.start(this.#o.ffmpeg, codec, path, `spare ${kind} part`);
      if (this.#stopped) return void (await spare.discard());
      const before = this.#spares.get(kind);
      this.#spares.set(kind, spare);
      if (before) void before.discard();
      await this.#save();
    })()
      .catch((error: unknown) => log.warn(`${this.#o.live.meetingId}: could not start a spare ${kind} part`, error))
      .finally(() => this.#sparing.delete(kind));
  }

  /** Writes parts.json; one write at a time (two at once could leave a mix of both), each with the latest list. */
  #save(): Promise<void> {
    this.#saving = this.#saving.then(async () => {
      this.manifest.spares = [...this.#spares.values()].map((s) => ({ pid: s.process.pid ?? null, file: s.file }));
      await writeFile(join(this.#o.dir, 'parts.json'), `${JSON.stringify(this.manifest, null, 1)}\n`).catch(
        (error: unknown) => log.warn(`${this.#o.live.meetingId}: could not save the list of parts`, error),
      );
    });
    return this.#saving;
  }
}
