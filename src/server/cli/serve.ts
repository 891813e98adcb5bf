import { channelsConfigFrom, configureChannels, type ChannelsConfig } from '../modules/channels/channels-config.js';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from '../modules/channels/dispatcher.js';
import { startInboundSmtp, type InboundSmtpListener } from '../modules/channels/smtp-listener.js';
import { seedDemo, tableWithData, type DemoLogin } from '../modules/demo/demo-data.js';
import { configureSurveyLinks } from '../modules/surveys/survey-links.js';
import type { ServerConfig } from '../platform/config.js';
import { openStore, type Store } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { buildApp } from '../platform/http/app.js';
import type { Api } from '../platform/http/fastify-types.js';
import { jobHandlers } from '../platform/jobs/handlers.js';
import { startWorker, type JobWorker, type WorkerOptions } from '../platform/jobs/worker.js';

export interface RunningServer {
  app: Api;
  store: Store;
  url: string;
  /** The worker running due jobs in this process; null when started without one. */
  worker: JobWorker | null;
  /** The dispatcher sending the outbox in this process; null when started without a worker. */
  dispatcher: Dispatcher | null;
  /** The SMTP listener mail comes in by; null unless INBOUND_SMTP_PORT is set. */
  inboundSmtp: InboundSmtpListener | null;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Seed demo data when the store is empty; a store with data is left as it is. */
  demo?: boolean;
  onDemoSeeded?: (logins: DemoLogin[]) => void;
  logger?: boolean;
  /** Run the job worker in this process too (the default), with these options; false: API only. */
  worker?: boolean | WorkerOptions;
  /** Options of the outbox dispatcher, which runs whenever the worker does. */
  dispatcher?: DispatcherOptions;
  /** SMTP, SMS and reply-token settings; default: from the environment. */
  channels?: ChannelsConfig;
}

/** Opens the store, brings its schema up to date and starts the HTTP server and, unless told not to, the job worker. */
export async function startServer(config: ServerConfig, options: ServeOptions = {}): Promise<RunningServer> {
  const store = openStore(config.store);
  const channels = options.channels ?? channelsConfigFrom(process.env);
  configureChannels(store, channels);
  await migrateToLatest(store.db);
  if (options.demo) {
    if (!(await tableWithData(store.db))) options.onDemoSeeded?.((await seedDemo(store)).logins);
  }
  const app = await buildApp({
    store,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    logger: options.logger === false ? false : { level: config.logLevel },
  });
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const url = `http://localhost:${port}/`;
  // Survey links point where customers reach this instance: PUBLIC_URL behind a proxy, else here.
  configureSurveyLinks(store, { publicUrl: process.env.PUBLIC_URL || url });
  const worker = options.worker === false ? null : startWorker(store, jobHandlers(), options.worker === true ? {} : options.worker);
  const dispatcher = options.worker === false ? null : startDispatcher(store, options.dispatcher);
  let inboundSmtp: InboundSmtpListener | null = null;
  try {
    if (channels.inboundSmtp) inboundSmtp = await startInboundSmtp(store, channels.inboundSmtp);
  } catch (error) {
    // A port already taken: stop what was started instead of serving without the mail it was asked to take.
    await Promise.all([app.close(), worker?.stop(), dispatcher?.stop()]);
    await store.close();
    throw new Error(`the inbound SMTP listener could not start on ${channels.inboundSmtp?.host}:${channels.inboundSmtp?.port}: ${error instanceof Error ? error.message : error}`);
  }
  const close = async () => {
    // Requests and mail in flight, the job in progress and the sends in flight finish before the store closes under them.
    await Promise.all([app.close(), inboundSmtp?.close(), worker?.stop(), dispatcher?.stop()]);
    await store.close();
  };
  return { app, store, url, worker, dispatcher, inboundSmtp, close };
}
