// The ES module entry: the same objects as the CommonJS one (so `instanceof` agrees).
import dg from './index.js';

export const {
  DeepgramClient,
  Secret,
  DeepgramError,
  InvalidOptionsError,
  AuthError,
  PermissionDeniedError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitError,
  BadRequestError,
  ServerError,
  TimeoutError,
  NetworkError,
  FileError,
  DecodeError,
  AbortError,
} = dg;
export default dg;
