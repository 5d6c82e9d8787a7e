// Reading a handler's result as the client would; defined once with the kit's route wrapper tests.
export {
  expectErrorFrame,
  expectFrame,
  frameOf,
} from '../../../../packages/lambda-kit/tests/support/results';
