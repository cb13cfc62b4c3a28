import type { IConfiguration } from 'dependency-cruiser';

/** Floors of the house, lowest first (see .dependency-cruiser.mjs). */
export declare const FLOORS: string[][];
declare const config: IConfiguration & { forbidden: NonNullable<IConfiguration['forbidden']>; options: NonNullable<IConfiguration['options']> };
export default config;
