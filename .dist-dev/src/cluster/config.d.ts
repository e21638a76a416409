import { type YamlSource } from '../util/yaml-source.js';
import { type SlurmOptions } from './slurm-options.js';
export interface ClusterSettings {
    slurm?: SlurmOptions;
}
export declare function parseClusterBlock(src: YamlSource, node: unknown): ClusterSettings;
