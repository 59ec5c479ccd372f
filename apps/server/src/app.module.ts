import { Module } from '@nestjs/common';
import { TaskgateModule } from '@taskgate/nest';
import { CpuTasks } from './cpu.tasks.js';
import { DemoTasks } from './demo.tasks.js';

@Module({
  imports: [TaskgateModule.forRoot()],
  providers: [DemoTasks, CpuTasks],
})
export class AppModule {}
