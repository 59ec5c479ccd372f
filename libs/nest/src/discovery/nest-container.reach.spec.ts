import { Injectable, Module, type CanActivate } from '@nestjs/common';
import { ApplicationConfig, ExternalContextCreator } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { reachNestContainer } from './nest-container.reach';

@Injectable()
class AllowAll implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

@Module({})
class EmptyModule {}

// Fails when @nestjs/core stops keeping its container on the ExternalContextCreator it injects.
describe('reachNestContainer', () => {
  it("reaches the application's config (its global guards) and makes a context creator of its own", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [EmptyModule] }).compile();
    const app = moduleRef.createNestApplication();
    app.useGlobalGuards(new AllowAll());
    const injected = app.get(ExternalContextCreator);
    const reach = reachNestContainer(injected, ExternalContextCreator);
    expect(reach.config).toBeInstanceOf(ApplicationConfig);
    expect(reach.config?.getGlobalGuards()).toHaveLength(1);
    expect(reach.admissionCreator).toBeInstanceOf(ExternalContextCreator);
    expect(reach.admissionCreator).not.toBe(injected);
    await app.close();
  });

  it('names the cause when the container is not there', () => {
    expect(() => reachNestContainer(Object.create(ExternalContextCreator.prototype), ExternalContextCreator)).toThrow(
      /could not reach the NestContainer/,
    );
  });
});
