export { type Api, createApi } from './api.ts';
export { type Config, ConfigError, loadConfig } from './config.ts';
