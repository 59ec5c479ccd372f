import { Module } from '@nestjs/common';
import { TaskgateModule } from '@taskgate/nest';
import { clusterModules } from './cluster.module.js';
import { CpuModule } from './cpu.module.js';
import { DemoTasks } from './demo.tasks.js';

const cluster = clusterModules();

@Module({
  imports: [TaskgateModule.forRoot(), CpuModule, ...cluster.imports],
  providers: [DemoTasks, ...cluster.providers],
})
export class AppModule {}
