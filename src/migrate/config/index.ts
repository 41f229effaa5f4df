/** The project config: `defineConfig` for `athanor.config.ts` and `loadConfig` to import it. */

export {
  DEFAULT_CONFIG_FILE,
  DEFAULT_VERSION_TABLE,
  DEFAULT_VERSIONS_DIRECTORY,
  defineConfig,
  loadConfig,
  type AthanorConfig,
  type LoadedConfig,
} from "./config.js";
