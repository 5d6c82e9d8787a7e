// S3 and CloudFront calls of the webapp deploy (thin wrappers over the AWS SDK).
import fs from 'node:fs';
import path from 'node:path';
import {
  S3Client,
  PutObjectCommand,
  ListObjectVersionsCommand,
  DeleteObjectsCommand,
} from '@aws-sdk/client-s3';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';

export async function uploadFiles(region, bucket, buildDir, plan, extra = []) {
  const s3 = new S3Client({ region });
  for (const item of plan) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: item.key,
        Body: fs.readFileSync(path.join(buildDir, ...item.key.split('/'))),
        ContentType: item.contentType,
        CacheControl: item.cacheControl,
      }),
    );
    console.log(`  s3://${bucket}/${item.key}  (${item.contentType}; ${item.cacheControl})`);
  }
  for (const item of extra) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: item.key,
        Body: item.body,
        ContentType: item.contentType,
        CacheControl: item.cacheControl,
      }),
    );
    console.log(`  s3://${bucket}/${item.key}  (${item.contentType}; ${item.cacheControl})`);
  }
}

/** Deletes every object version and delete marker (the bucket is versioned). */
export async function emptyBucket(region, bucket) {
  const s3 = new S3Client({ region });
  let KeyMarker;
  let VersionIdMarker;
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }));
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({
      Key,
      VersionId,
    }));
    for (let i = 0; i < objects.length; i += 1000) {
      await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: objects.slice(i, i + 1000), Quiet: true },
        }),
      );
    }
    if (!page.IsTruncated) return;
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
  }
}

export async function invalidate(distributionId, paths) {
  const cloudFront = new CloudFrontClient({ region: 'us-east-1' });
  const { Invalidation } = await cloudFront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        CallerReference: `chorus-${Date.now()}`,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );
  return Invalidation?.Id;
}
