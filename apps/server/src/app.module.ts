import { Module } from '@nestjs/common';
import { TaskgateModule } from '@taskgate/nest';
import { CpuModule } from './cpu.module.js';
import { DemoTasks } from './demo.tasks.js';

@Module({
  imports: [TaskgateModule.forRoot(), CpuModule],
  providers: [DemoTasks],
})
export class AppModule {}
