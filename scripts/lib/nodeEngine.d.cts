// Types of nodeEngine.cjs for the TypeScript entry points (local/src/main.ts, local/bench/run.ts).
export declare const INSTALL_HINT: string;
export declare function nodeEngineProblem(version: string, range: string): string | undefined;
export declare function parseEngineFloor(range: string): { major: number; minor: number; range: string };
export declare function requiredNodeRange(root?: string): string;
export declare function exitUnlessSupportedNode(version?: string): void;
