// How many containers (worker threads) the local cloud gives a function. Apart from localCloud.ts
// so the bench can model the local fleet without loading the whole orchestrator.

/** Locally each container is a worker thread on 2 cores: the most an SQS trigger gets. */
export const LOCAL_SQS_CONCURRENCY_CAP = 8;
