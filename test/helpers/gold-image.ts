/** `slmgr /dlv` of a KMS client gold image that meets the built-in kms-client-image policy (written with CRLF, as saved on Windows). */
export const KMS_CLIENT_IMAGE_DLV = [
  'Name: Windows(R), Enterprise edition',
  'Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel',
  'Activation ID: 73111121-5638-40f6-bc11-f1d7b0d64300',
  'Application ID: 55c92734-d682-4d71-983e-d6ec3f16059f',
  'Product Key Channel: Volume:GVLK',
  'Partial Product Key: 4C6R2',
  'License Status: Initial grace period',
  'Time remaining: 43200 minute(s) (30 day(s))',
  'Remaining Windows rearm count: 1001',
  'Remaining SKU rearm count: 1001',
  '',
].join('\r\n');
