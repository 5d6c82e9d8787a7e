import { isApiId, isGatewayId, newApiId, newGatewayId } from '../../../src/gateway/connectionIds';

describe('connection ids', () => {
  it('look like API Gateway ids: 15 URL-safe base64 characters and a final "="', () => {
    const ids = Array.from({ length: 200 }, newGatewayId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(isGatewayId('R1kmxc2VNjMCFIA=')).toBe(true);
    expect(isGatewayId('R1kmxc2VNjMCFIA')).toBe(false);
  });

  it('makes API ids of 10 lowercase alphanumerics', () => {
    for (let i = 0; i < 50; i += 1) expect(newApiId()).toMatch(/^[a-z0-9]{10}$/);
    expect(isApiId('dl7ptocha9')).toBe(true);
    expect(isApiId('DL7ptocha9')).toBe(false);
  });
});
