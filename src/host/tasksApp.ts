// The app without VS Code: folders and their services, the views, the router and the chat, wired together.
import type { ToWebview } from '../core/protocol';
import type { PromptOverride } from '../core/prompt';
import { printable, redactCredentials } from '../core/text';
import { TASKS_MODEL } from '../llm/modelSetup';
import type { LlmConfig, OllamaClient } from '../llm/ollamaClient';
import { closeChatFile, openChatFile } from '../store/chatFile';
import { ChatStore } from '../store/chatStore';
import { TaskDb } from '../store/taskDb';
import { type Notice, TaskService } from '../store/taskService';
import { watchFile } from '../store/watch';
import { PAGE_SIZE, panelOob, type PanelState } from '../views/fragments';
import { followChatFile } from './chatFileEvents';
import { ChatSession } from './chatSession';
import { handleMessage, type RouterApp } from './router';
import type { TurnRecord } from './sessionLog';
import type { ProtocolSetting } from './protocolChoice';
import { statusOob, ViewHub, type ViewSink } from './viewHub';

/** A place with its own task list: a workspace folder, or global storage when none is open. */
export interface FolderSpec {
  key: string;
  name: string;
  dbPath: string;
  /** The workspace folder `dbPath` (and the conversation beside it) must stay inside, links resolved. */
  within?: string;
}

export interface AppEnv {
  folders: FolderSpec[];
  /** Said in the panel when the list is not in a workspace folder. */
  storageNote?: string;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  notify(notice: Notice): void;
  /** Where and how to reach Ollama now (settings, secret API key). */
  llmConfig?(): Promise<LlmConfig>;
  /** Offer to pull a missing model (a cancellable progress notification in VS Code). */
  offerPull?(model: string, client: OllamaClient): Promise<boolean>;
  /** Whether Ollama answered, for the status bar; `missing`: it answered, but the model is not installed. */
  reachability?(reachable: boolean, detail: string, missing?: 'missing'): void;
  /** Setting ollamaTasks.confirmDestructive (default on). */
  confirmDestructive?(): boolean;
  /** Setting ollamaTasks.protocol (default auto). */
  protocol?(): ProtocolSetting;
  /** The workspace prompt file's changes (undefined when there is none, or the workspace is untrusted). */
  promptOverride?(): Promise<PromptOverride | undefined>;
  /** Session log, one record per model reply. */
  logTurn?(turn: TurnRecord): void;
  /** Said in the chat when the workspace is untrusted (what is ignored). */
  restrictedNote?(): string | undefined;
  /** False in Restricted Mode (default true). */
  trusted?(): boolean;
  /** Told when the chat starts and stops replying (VS Code: a context key for the Chat view's title bar). */
  replying?(active: boolean): void;
}

export const DEFAULT_LLM: LlmConfig = { host: 'http://127.0.0.1:11434', model: TASKS_MODEL, contextLength: 8192, keepAlive: '5m' };

interface OpenFolder {
  service: TaskService;
  dispose(): void;
}

/** A folder's list while it opens, and once open (`folder`, for closing it synchronously). */
interface FolderEntry {
  dbPath: string;
  opening: Promise<OpenFolder>;
  folder?: OpenFolder;
}

/**
 * The host side of the panel, free of `vscode`: the folders and their services, the views, and
 * the requests they send. The extension, the browser tests and the CLI each build one.
 */
export class TasksApp implements RouterApp {
  readonly hub = new ViewHub();
  private readonly open = new Map<string, FolderEntry>();
  private readonly attached = new Map<ViewSink, () => void>();
  activeFolder: string;
  readonly chat: ChatSession;

  constructor(private env: AppEnv) {
    this.activeFolder = env.folders[0]?.key ?? '';
    this.chat = new ChatSession({
      shown: async () => ({ key: this.activeFolder, service: await this.service() }),
      push: (fragment) => this.hub.push(fragment, 'chat'),
      flush: () => this.hub.flush(),
      config: () => (this.env.llmConfig ? this.env.llmConfig() : Promise.resolve(DEFAULT_LLM)),
      offerPull: this.env.offerPull && ((model, client) => this.env.offerPull!(model, client)),
      log: (level, message) => this.log(level, message),
      confirmDestructive: () => this.env.confirmDestructive?.() ?? true,
      protocol: () => this.env.protocol?.() ?? 'auto',
      promptOverride: () => this.env.promptOverride?.() ?? Promise.resolve(undefined),
      logTurn: (turn) => this.env.logTurn?.(turn),
      reachability: this.env.reachability && ((ok, detail, missing) => this.env.reachability!(ok, detail, missing)),
      trusted: () => this.env.trusted?.() ?? true,
      replying: (active) => this.env.replying?.(active),
    });
  }

  /** The model the chat used last (for the status bar). */
  get lastModel(): string {
    return this.chat.modelName;
  }

  get folders(): readonly FolderSpec[] {
    return this.env.folders;
  }

  /**
   * Every line the host logs: model output and what views send are in them, so shown escaped; a
   * host URL's credentials are hidden.
   */
  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.env.log(level, printable(redactCredentials(message)));
  }

  /** The service of a folder (the shown one by default), opening its file on first use. */
  async service(key = this.activeFolder): Promise<TaskService> {
    return (await this.openFolder(key)).service;
  }

  /** Answers one message from a view. Unknown or malformed messages get an error answer. */
  async handle(message: unknown, view: ViewSink): Promise<ToWebview | undefined> {
    const answer = await handleMessage(this, message, view);
    this.hub.flush(); // the pushes made before the answer go out before it, as they were made
    return answer;
  }

  /** Starts pushing changes to a view: done when it asks for its first full render. */
  attachView(view: ViewSink): void {
    if (!this.attached.has(view)) this.attached.set(view, this.hub.attach(view));
    void this.chat.preload(); // the first view to open warms the model up
  }

  /** Stops pushing to a view that was closed or hidden (a hidden webview view is destroyed). */
  detachView(view: ViewSink): void {
    this.attached.get(view)?.();
    this.attached.delete(view);
  }

  /** Everything a view shows, for the folder it shows. */
  state(service: TaskService): PanelState {
    const active = service.activeProfile();
    return {
      ...this.folderState(),
      profiles: service.profiles(),
      active,
      tasks: service.tasks(active.id, PAGE_SIZE),
      counts: service.counts(active.id),
      undoLabel: service.undoLabel(),
      chat: { ...this.chat.view(this.activeFolder, service), notice: this.env.restrictedNote?.() },
    };
  }

  /** The folder picker's part of the state: needs no open list. */
  folderState(): Pick<PanelState, 'folders' | 'activeFolder' | 'storageNote'> {
    return { folders: this.env.folders.map(({ key, name }) => ({ key, name })), activeFolder: this.activeFolder, storageNote: this.env.storageNote };
  }

  /** What the views show of a list, as comparable text: the parts a reload may have changed. */
  private shown(service: TaskService): Shown {
    const active = service.activeProfile();
    const counts = service.counts(active.id);
    return {
      profiles: JSON.stringify([service.profiles(), active.id]),
      list: JSON.stringify([active.id, service.tasks(active.id, PAGE_SIZE), counts.open + counts.done]),
      summary: JSON.stringify([counts, service.undoLabel()]),
      chat: JSON.stringify([active.id, new ChatStore(service.db).messages(active.id)]),
    };
  }

  async switchFolder(key: string): Promise<void> {
    if (!this.env.folders.some((f) => f.key === key)) throw new Error(`unknown folder ${key}`);
    // Views of a folder whose list did not open show only the picker: they get the whole panel.
    const fromUnopened = !this.open.get(this.activeFolder)?.folder;
    this.activeFolder = key;
    const service = await this.service(key);
    this.hub.push(fromUnopened ? panelOob(this.state(service)) : this.hub.render({ kind: 'all' }, service, () => this.state(service)));
  }

  /** Follows workspace folders being added or removed, or their files moving; lists no longer used are closed. */
  setFolders(folders: FolderSpec[], storageNote?: string): void {
    const keep = new Set(folders.map((f) => f.key));
    // A folder whose file moved (ollamaTasks.databasePath changed) is closed too and opens the new file.
    const files = new Map(folders.map((f) => [f.key, f.dbPath]));
    for (const [key, entry] of this.open) {
      if (keep.has(key) && files.get(key) === entry.dbPath) continue;
      this.open.delete(key);
      close(entry);
    }
    this.env = { ...this.env, folders, storageNote };
    if (!keep.has(this.activeFolder)) this.activeFolder = folders[0]?.key ?? '';
    void this.service().then(
      (service) => this.hub.push(this.hub.render({ kind: 'all' }, service, () => this.state(service))),
      () => undefined,
    );
  }

  dispose(): void {
    this.hub.flush(); // what was pushed still goes out, as when pushes went out at once
    // The reply in progress first: its request is aborted, and nothing more runs on the closing files.
    this.chat.dispose();
    // Lists already open are closed now, synchronously: VS Code may end the process right after
    // this returns (a window closing or reloading), and closing saves what is still gathering.
    for (const entry of this.open.values()) close(entry);
    this.open.clear();
  }

  private openFolder(key: string): Promise<OpenFolder> {
    const existing = this.open.get(key);
    if (existing) return existing.opening;
    const spec = this.env.folders.find((f) => f.key === key);
    if (!spec) return Promise.reject(new Error(`no folder ${JSON.stringify(key)} is open`));
    const entry: FolderEntry = { dbPath: spec.dbPath, opening: this.start(spec) };
    this.open.set(key, entry);
    entry.opening.then(
      (folder) => void (entry.folder = folder),
      // A failed open (a file from a newer version, say) is tried again on the next request.
      () => void (this.open.get(key) === entry && this.open.delete(key)),
    );
    return entry.opening;
  }

  private async start(spec: FolderSpec): Promise<OpenFolder> {
    const db = await TaskDb.open(spec.dbPath, { within: spec.within });
    let chatDb: TaskDb;
    try {
      chatDb = await openChatFile(db); // the conversation's own file (moved out of an older task file first)
    } catch (err) {
      db.close();
      throw err;
    }
    const service = await TaskService.open(db);
    // What the views showed just before the file was read again: a reload redraws only what differs.
    let beforeReload: Shown | undefined;
    // Pushes waiting for the end of this turn go out before a file write blocks it.
    const offSaving = [db, chatDb].map((file) => file.beforeSave(() => this.hub.flush()));
    const offDb = db.onEvent((event) => {
      if (event.type === 'reloading') beforeReload = spec.key === this.activeFolder ? this.shown(service) : undefined;
    });
    const offChange = service.onChange((change) => {
      if (spec.key !== this.activeFolder) return;
      const before = beforeReload;
      beforeReload = undefined;
      if (change.kind === 'all' && change.reloaded && before) {
        const now = this.shown(service);
        const differs = (part: keyof Shown) => before[part] !== now[part];
        this.hub.push(
          this.hub.renderParts({ profiles: differs('profiles'), list: differs('list'), summary: differs('summary'), chat: differs('chat') }, service, () =>
            this.chat.view(this.activeFolder, service),
          ),
        );
        return;
      }
      this.hub.pushChange(change, service, () => this.state(service));
    });
    const offNotice = service.onNotice((notice) => {
      this.env.notify(notice);
      if (spec.key === this.activeFolder) this.hub.push(statusOob(notice.message, notice.level === 'info' ? 'info' : 'error'));
    });
    service.reportOpenEvents();
    const offChat = followChatFile(service, chatDb, {
      shown: () => spec.key === this.activeFolder,
      redraw: () =>
        this.hub.push(
          this.hub.renderParts({ profiles: false, list: false, summary: false, chat: true }, service, () => this.chat.view(this.activeFolder, service)),
        ),
      log: (message) => this.log('error', message),
    });
    const unwatch = watchFile(spec.dbPath, () => {
      try {
        service.refreshIfChanged();
      } catch (err) {
        this.log('error', `Reading ${spec.dbPath} again failed: ${String(err)}`);
      }
    });
    this.log('info', `Opened task list ${spec.dbPath}`);
    return {
      service,
      dispose: () => {
        unwatch();
        for (const off of offSaving) off();
        offDb();
        offChange();
        offNotice();
        offChat();
        closeChatFile(db);
        db.close();
      },
    };
  }
}

interface Shown {
  profiles: string;
  list: string;
  summary: string;
  chat: string;
}

/** Closes a folder's list: now when it is open, once it is when still opening. */
function close(entry: FolderEntry): void {
  if (entry.folder) entry.folder.dispose();
  else
    void entry.opening.then(
      (f) => f.dispose(),
      () => undefined,
    );
}
