// infra/: webapp hosting (private S3 behind CloudFront) and the operator dashboard/alarms.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { contentSecurityPolicy } from '../../local/src/web/contentSecurityPolicy';
import { loadInfraTemplate, PROJECT_ROOT, props, resourcesOfType, type Template } from './support/templates';

describe.each(['webapp-hosting.yml', 'dashboard.yml'])('infra/%s', (name) => {
  test('passes cfn-lint', () => {
    const result = spawnSync('cfn-lint', ['--', path.join(PROJECT_ROOT, 'infra', name)], {
      encoding: 'utf8',
    });
    expect(result.error).toBeUndefined();
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({
      status: 0,
      output: '',
    });
  });

  test('is parameterised by stage', () => {
    expect((loadInfraTemplate(name)['Parameters'] as Record<string, unknown>)['Stage']).toBeDefined();
  });
});

const referencedId = (value: unknown): unknown => (value as { Ref?: string } | undefined)?.Ref;

describe('webapp hosting', () => {
  let template: Template;
  beforeAll(() => {
    template = loadInfraTemplate('webapp-hosting.yml');
  });
  const only = (type: string) => {
    const found = resourcesOfType(template, type);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  test('the bucket is private, encrypted and owner-enforced', () => {
    const bucket = props(only('AWS::S3::Bucket')[1]);
    expect(bucket['PublicAccessBlockConfiguration']).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(
      bucket['BucketEncryption'].ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toMatch(/^(AES256|aws:kms)$/);
  });

  test('only this distribution may read it, through Origin Access Control', () => {
    const [distributionId, distribution] = only('AWS::CloudFront::Distribution');
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(props(oac)['OriginAccessControlConfig']).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
    });
    const origins = props(distribution)['DistributionConfig'].Origins;
    expect(origins).toHaveLength(1);
    expect(origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    const policy = props(only('AWS::S3::BucketPolicy')[1])['PolicyDocument'];
    const allow = policy.Statement.filter((s: { Effect: string }) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allow[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(allow[0].Condition)).toContain(distributionId);
  });

  test('HTTPS only, index.html at the root and for every deep link (SPA)', () => {
    const config = props(only('AWS::CloudFront::Distribution')[1])['DistributionConfig'];
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultRootObject).toBe('index.html');
    const fallbacks = Object.fromEntries(
      (config.CustomErrorResponses as Array<Record<string, unknown>>).map((r) => [r['ErrorCode'], r]),
    );
    for (const code of [403, 404]) {
      expect(fallbacks[code]).toMatchObject({ ResponseCode: 200, ResponsePagePath: '/index.html' });
    }
  });

  test('sends the Content-Security-Policy the local server sends, the socket limited to API Gateway', () => {
    const headers = props(only('AWS::CloudFront::ResponseHeadersPolicy')[1])['ResponseHeadersPolicyConfig'];
    const csp = headers.SecurityHeadersConfig.ContentSecurityPolicy;
    expect(csp.Override).toBe(true);
    expect(csp.ContentSecurityPolicy['Fn::Sub']).toBe(
      contentSecurityPolicy(['wss://*.execute-api.${AWS::Region}.amazonaws.com']),
    );
    const distribution = props(only('AWS::CloudFront::Distribution')[1])['DistributionConfig'];
    expect(referencedId(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId)).toBe(
      only('AWS::CloudFront::ResponseHeadersPolicy')[0],
    );
  });

  test('exports what deploy-webapp.mjs needs', () => {
    expect(Object.keys(template.Outputs ?? {}).sort()).toEqual([
      'WebappBucketName',
      'WebappDistributionId',
      'WebappUrl',
    ]);
  });
});

describe('operator dashboard', () => {
  let template: Template;
  beforeAll(() => {
    template = loadInfraTemplate('dashboard.yml');
  });
  const alarms = () =>
    resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => {
      const p = props(alarm);
      return {
        namespace: p['Namespace'],
        metric: p['MetricName'],
        dimensions: JSON.stringify(p['Dimensions']),
      };
    });

  test.each([
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'chorus-delivery-dlq-${Stage}'],
    ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'chorus-delivery-${Stage}'],
    ['AWS/Lambda', 'IteratorAge', 'chorus-fanout-${Stage}-dispatch'],
    ['AWS/Lambda', 'Errors', 'chorus-fanout-${Stage}-dispatch'],
    ['AWS/Lambda', 'Errors', 'chorus-fanout-${Stage}-deliver'],
    ['AWS/Lambda', 'Throttles', 'chorus-fanout-${Stage}-deliver'],
    ['Chorus', 'DeliveryDeadLettered', 'Stage'],
    ['Chorus', 'DeliveryThrottled', 'Stage'],
    ['Chorus', 'DeliveryRejected', 'Stage'],
  ])('alarms on %s %s (%s)', (namespace, metric, dimension) => {
    expect(
      alarms().filter(
        (a) => a.namespace === namespace && a.metric === metric && a.dimensions.includes(dimension),
      ),
    ).toHaveLength(1);
  });

  test('the dashboard body is valid JSON and charts the Chorus delivery metrics', () => {
    const [, dashboard] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = String(props(dashboard)['DashboardBody']['Fn::Sub']).replace(/\$\{[^}]+\}/g, 'x');
    const text = JSON.stringify(JSON.parse(body));
    for (const metric of [
      'Deliveries',
      'DeliveryGone',
      'DeliveryRejected',
      'DeliveryThrottled',
      'DeliveryDeadLettered',
      'IteratorAge',
      // The knobs each fan-out container publishes once (services/fanout/src/telemetry.ts).
      'KnobDeliveryBatchSize',
      'KnobDeliveryInFlight',
      'KnobRoomShards',
    ]) {
      expect(text).toContain(`"${metric}"`);
    }
  });
});
